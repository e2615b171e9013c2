package net.dmmgw.control.dmm;

import net.dmmgw.control.node.ConfigException;

/** How the CMD signals a handover (draft-ietf-dmm-pmipv6-dlif §3.2–3.4). */
public enum CmdMode
{
    /** §3.2: the CMD forwards the PBU to every P-MAAR, collects their PBAs and answers the S-MAAR with one PBA. */
    RELAY,
    /** §3.3: as relay, and each P-MAAR also answers the S-MAAR directly. */
    LOCATOR,
    /** §3.4: the CMD answers the S-MAAR at once and updates the P-MAARs in parallel. */
    PROXY;

    /** @return the mode named by {@code text} (relay, locator, proxy); the error names {@code key}. */
    public static CmdMode parse(final String key, final String text)
    {
        return switch (text.trim())
        {
            case "relay" -> RELAY;
            case "locator" -> LOCATOR;
            case "proxy" -> PROXY;
            default -> throw new ConfigException(key, "must be relay, locator or proxy, not '" + text + "'");
        };
    }
}
