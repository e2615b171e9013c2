package net.dmmgw.control.cli;

/** Minimal JSON object writer for the CLI: keys in insertion order, strings escaped. Not for the hot path. */
final class Json
{
    private final StringBuilder sb = new StringBuilder(512);
    private boolean first = true;

    Json begin()
    {
        sb.append('{');
        first = true;
        return this;
    }

    Json end()
    {
        sb.append('}');
        first = false;
        return this;
    }

    Json beginArray(final String key)
    {
        key(key);
        sb.append('[');
        first = true;
        return this;
    }

    Json endArray()
    {
        sb.append(']');
        first = false;
        return this;
    }

    Json beginObject(final String key)
    {
        key(key);
        return begin();
    }

    /** Start an object as an array element. */
    Json element()
    {
        comma();
        return begin();
    }

    Json field(final String key, final long value)
    {
        key(key);
        sb.append(value);
        return this;
    }

    Json field(final String key, final boolean value)
    {
        key(key);
        sb.append(value);
        return this;
    }

    Json field(final String key, final String value)
    {
        key(key);
        if (value == null)
        {
            sb.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    Json stringElement(final String value)
    {
        comma();
        string(value);
        return this;
    }

    private void key(final String key)
    {
        comma();
        string(key);
        sb.append(':');
    }

    private void comma()
    {
        if (!first)
        {
            sb.append(',');
        }
        first = false;
    }

    private void string(final String s)
    {
        net.dmmgw.control.admin.JsonText.appendString(sb, s);
    }

    @Override
    public String toString()
    {
        return sb.toString();
    }
}
