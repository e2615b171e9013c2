package net.dmmgw.control.dmm;

import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;

/** Reads the {@code dmm.compat} key shared by the DMM roles: {@code iana} (default) or {@code draft02}. */
public final class DmmSettings
{
    private DmmSettings()
    {
    }

    /** @return the DMM numbering the node's file selects. */
    public static DmmConfig compat(final NodeConfig c)
    {
        final String text = c.string("dmm.compat", "iana").trim();
        return switch (text)
        {
            case "iana" -> DmmConfig.iana();
            case "draft02" -> DmmConfig.draft02();
            default -> throw new ConfigException("dmm.compat", "must be iana or draft02, not '" + text + "'");
        };
    }
}
