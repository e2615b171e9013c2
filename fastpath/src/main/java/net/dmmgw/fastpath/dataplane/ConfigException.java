package net.dmmgw.fastpath.dataplane;

/**
 * A configuration or static-state file is invalid; the message names the bad key (or file and
 * line) and says what was expected.
 */
public final class ConfigException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the key, the value and what is expected.
     */
    public ConfigException(final String message)
    {
        super(message);
    }
}
