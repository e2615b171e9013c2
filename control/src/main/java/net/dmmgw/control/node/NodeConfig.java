package net.dmmgw.control.node;

import java.io.IOException;
import java.io.Reader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/**
 * One node's configuration file (Java properties). Typed getters validate and throw {@link ConfigException}
 * naming the key; {@link #rejectUnknown} names keys that no component read (typos).
 */
public final class NodeConfig
{
    private final Properties properties;
    private final TreeSet<String> read = new TreeSet<>();

    /** @param properties the raw key/values. */
    public NodeConfig(final Properties properties)
    {
        this.properties = properties;
    }

    /** Loads a file. */
    public static NodeConfig load(final Path file)
    {
        final Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file))
        {
            p.load(r);
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file.toString(), "cannot read: " + ex.getMessage());
        }
        return new NodeConfig(p);
    }

    /** @return the raw properties (for components with their own parser, e.g. the Aeron channels). */
    public Properties properties()
    {
        return properties;
    }

    /** @return a required string. */
    public String string(final String key)
    {
        final String v = optional(key);
        if (v == null || v.isEmpty())
        {
            throw new ConfigException(key, "missing");
        }
        return v;
    }

    /** @return a string or the default. */
    public String string(final String key, final String defaultValue)
    {
        final String v = optional(key);
        return v == null || v.isEmpty() ? defaultValue : v;
    }

    /** @return a long in [min, max], or the default when absent. */
    public long number(final String key, final long defaultValue, final long min, final long max)
    {
        final String v = optional(key);
        if (v == null || v.isEmpty())
        {
            return defaultValue;
        }
        final long n;
        try
        {
            n = Long.parseLong(v.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new ConfigException(key, "not a number: '" + v + "'");
        }
        if (n < min || n > max)
        {
            throw new ConfigException(key, n + " is outside " + min + ".." + max);
        }
        return n;
    }

    /** @return a boolean ("true"/"false"), or the default when absent. */
    public boolean flag(final String key, final boolean defaultValue)
    {
        final String v = optional(key);
        if (v == null || v.isEmpty())
        {
            return defaultValue;
        }
        return switch (v.trim())
        {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key, "must be true or false, got '" + v + "'");
        };
    }

    /** @return a required IPv6 address as 16 octets. */
    public byte[] ipv6(final String key)
    {
        return parseIpv6(key, string(key));
    }

    /** @return a MAC ({@code 02:00:00:00:00:01}) as the low 48 bits of a long, or the default when absent. */
    public long mac(final String key, final String defaultValue)
    {
        final String v = string(key, defaultValue);
        try
        {
            return net.dmmgw.ipc.Ipv6Words.mac(v.trim());
        }
        catch (final RuntimeException ex)
        {
            throw new ConfigException(key, "not a MAC: '" + v + "'");
        }
    }

    /** @return hex octets (e.g. a key), required. */
    public byte[] hex(final String key)
    {
        try
        {
            return HexFormat.of().parseHex(string(key).trim());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(key, "not hex: " + ex.getMessage());
        }
    }

    /** @return comma-separated values, empty when absent. */
    public List<String> list(final String key)
    {
        final List<String> out = new ArrayList<>();
        final String v = optional(key);
        if (v != null)
        {
            for (final String s : v.split(","))
            {
                if (!s.isBlank())
                {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** @return the distinct names N of keys {@code prefix.N.*}. */
    public List<String> groups(final String prefix)
    {
        final TreeSet<String> names = new TreeSet<>();
        for (final String k : properties.stringPropertyNames())
        {
            if (k.startsWith(prefix + "."))
            {
                final int dot = k.indexOf('.', prefix.length() + 1);
                if (dot > 0)
                {
                    names.add(k.substring(prefix.length() + 1, dot));
                }
            }
        }
        return new ArrayList<>(names);
    }

    /** Marks every key under a prefix as read (for sections parsed elsewhere). */
    public void claim(final String prefix)
    {
        for (final String k : properties.stringPropertyNames())
        {
            if (k.startsWith(prefix))
            {
                read.add(k);
            }
        }
    }

    /** Fails on the first key nothing read. */
    public void rejectUnknown()
    {
        for (final String k : new TreeSet<>(properties.stringPropertyNames()))
        {
            if (!read.contains(k))
            {
                throw new ConfigException(k, "unknown key");
            }
        }
    }

    /** Fails unless {@code node.role} names the role this reader is for. */
    public void requireRole(final String role)
    {
        final String value = string("node.role");
        if (!value.equals(role))
        {
            throw new ConfigException("node.role", "this reader is for role " + role + ", got '" + value + "'");
        }
    }

    /** Parses an IPv6 literal, naming the key on failure. */
    public static byte[] parseIpv6(final String key, final String text)
    {
        if (text.indexOf(':') < 0)
        {
            throw new ConfigException(key, "not an IPv6 address: '" + text + "'");
        }
        try
        {
            final InetAddress a = InetAddress.getByName(text.trim());
            if (!(a instanceof Inet6Address))
            {
                throw new ConfigException(key, "not an IPv6 address: '" + text + "'");
            }
            return a.getAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new ConfigException(key, "not an IPv6 address: '" + text + "'");
        }
    }

    private String optional(final String key)
    {
        read.add(key);
        return properties.getProperty(key);
    }
}
