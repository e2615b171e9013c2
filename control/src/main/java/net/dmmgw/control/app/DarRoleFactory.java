package net.dmmgw.control.app;

import net.dmmgw.control.fama.DarAccessLink;
import net.dmmgw.control.fama.DarAccessSettings;
import net.dmmgw.control.fama.DarConfig;
import net.dmmgw.control.fama.DistributedAnchorRouter;
import net.dmmgw.control.metrics.CountingSignallingTransport;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.transport.DataPlaneTransport;

/**
 * {@code node.role=dar}: the FAMA distributed anchor router (draft-bernardos-dmm-cmip), a home agent for the
 * addresses it delegated, with its Chronicle Queue journal. With {@code dar.access.mac} set it is also the access
 * router of {@code dar.prefix} on its data plane's access port ({@code signalling.transport=dataplane}):
 * {@link DarAccessLink} sends the Router Advertisements, the node's {@code NeighbourResolver} answers NS for the
 * link-local and resolves the link's hosts (the prefix is a DELIVER route; a home address away from home is a more
 * specific /128 into its tunnel, the registrar's).
 */
public final class DarRoleFactory implements RoleFactory
{
    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        final DarConfig dar = DarConfig.from(config);
        final DarAccessSettings access = dar.access();
        if (access != null && !ControlSettings.DATAPLANE.equals(config.string("signalling.transport",
            ControlSettings.RAW)))
        {
            throw new ConfigException("dar.access.mac", "an access link needs signalling.transport=" +
                ControlSettings.DATAPLANE + " (its frames are the data plane's punts and injections)");
        }
        if (access != null && dar.prefix().length() != 64)
        {
            throw new ConfigException("dar.prefix", "an access link advertises a /64 (CGAs are formed in it)");
        }
        return RegistrarRole.configured("dar", dar.address(), dar.tunnel(), dar.journal().directory(),
            dar.journal().compactAfterRecords(), (dataPlane, transport, clock, journal) ->
            {
                final DistributedAnchorRouter router = new DistributedAnchorRouter(dar, dataPlane, transport, clock,
                    journal);
                if (access != null)
                {
                    final DataPlaneTransport link = (DataPlaneTransport)(transport instanceof
                        CountingSignallingTransport counted ? counted.inner() : transport);
                    final byte[] prefix = dar.prefix().prefix();
                    link.neighbours().answer(access.port(), access.linkLocal(), access.mac());
                    link.neighbours().onLink(access.port(), prefix, 64, access.mac(), access.linkLocal());
                    router.serve(new DarAccessLink(access, dar.address(), prefix, link.accessLink()));
                }
                return router;
            });
    }
}
