package net.dmmgw.control.dmm;

import net.dmmgw.control.node.ConfigException;

/**
 * The two de-registration variants of draft-ietf-dmm-pmipv6-dlif §3.5. In both only the serving MAAR ends the
 * whole session.
 */
public enum Deregistration
{
    /** (a): a P-MAAR stops its BCE timer when a PBU with a Serving MAAR option arrives. */
    STOP_TIMER,
    /**
     * (b): a P-MAAR keeps its timer and de-registers at expiry; the CMD answers with a non-zero lifetime (renewal)
     * while the node is still in the domain.
     */
    RENEW;

    /** @return the variant named by {@code text} (a, b); the error names {@code key}. */
    public static Deregistration parse(final String key, final String text)
    {
        return switch (text.trim())
        {
            case "a" -> STOP_TIMER;
            case "b" -> RENEW;
            default -> throw new ConfigException(key, "must be a (stop the timer) or b (CMD renews), not '" + text + "'");
        };
    }
}
