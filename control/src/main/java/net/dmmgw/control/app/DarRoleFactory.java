package net.dmmgw.control.app;

import net.dmmgw.control.fama.DarConfig;
import net.dmmgw.control.fama.DistributedAnchorRouter;
import net.dmmgw.control.node.NodeConfig;

/**
 * {@code node.role=dar}: the FAMA distributed anchor router (draft-bernardos-dmm-cmip), a home agent for the
 * addresses it delegated, with its Chronicle Queue journal. Its access links (Router Advertisements of
 * {@code dar.prefix}) are not driven by this process (see the control README, FAMA section).
 */
public final class DarRoleFactory implements RoleFactory
{
    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        final DarConfig dar = DarConfig.from(config);
        return RegistrarRole.configured("dar", dar.address(), dar.tunnel(), dar.journal().directory(),
            dar.journal().compactAfterRecords(), (dataPlane, transport, clock, journal) ->
                new DistributedAnchorRouter(dar, dataPlane, transport, clock, journal));
    }
}
