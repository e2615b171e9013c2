package net.dmmgw.control.node;

/** A node configuration error; the message names the offending key. */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** @param key the key at fault. @param problem what is wrong. */
    public ConfigException(final String key, final String problem)
    {
        super(key + ": " + problem);
    }
}
