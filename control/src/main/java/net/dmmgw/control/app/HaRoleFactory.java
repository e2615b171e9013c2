package net.dmmgw.control.app;

import net.dmmgw.control.ha.HaConfig;
import net.dmmgw.control.ha.HomeAgent;
import net.dmmgw.control.node.NodeConfig;

/** {@code node.role=ha}: the RFC 6275 home agent with its Chronicle Queue journal. */
public final class HaRoleFactory implements RoleFactory
{
    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        final HaConfig ha = HaConfig.from(config);
        return RegistrarRole.configured("ha", ha.address(), ha.tunnel(), ha.journalDirectory(),
            ha.compactAfterRecords(),
            (dataPlane, transport, clock, journal) -> new HomeAgent(ha, dataPlane, transport, clock, journal));
    }
}
