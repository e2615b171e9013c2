package net.dmmgw.control.app;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.MaarAdmin;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.maar.MaarConfig;
import net.dmmgw.control.maar.MobilityAnchorAccessRouter;
import net.dmmgw.control.metrics.CountingSignallingTransport;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.routing.TunnelSettings;
import net.dmmgw.control.transport.DataPlaneTransport;
import net.dmmgw.ipc.sbe.IngressFilter;
import org.agrona.concurrent.EpochClock;

/**
 * {@code node.role=maar}: the DMM Mobility Anchor and Access Router (RFC 8885 §3). Like a MAG its access links are
 * data-plane ports (Router Solicitations punted, Router Advertisements injected), so it needs
 * {@code signalling.transport=dataplane}.
 */
public final class MaarRoleFactory implements RoleFactory
{
    private static final String TRANSPORT_KEY = "signalling.transport";

    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        if (!ControlSettings.DATAPLANE.equals(config.string(TRANSPORT_KEY, ControlSettings.RAW)))
        {
            throw new ConfigException(TRANSPORT_KEY,
                "a MAAR needs '" + ControlSettings.DATAPLANE + "': its access links are data-plane ports");
        }
        final MaarConfig maar = MaarConfig.from(config);
        return new ConfiguredRole()
        {
            public TunnelSettings tunnels()
            {
                return maar.tunnel();
            }

            public byte[] ownAddress()
            {
                return maar.address();
            }

            public IngressFilter ingressFilter()
            {
                // Downlink from a P-MAAR carries any correspondent's source towards a prefix anchored there.
                return IngressFilter.OUTER_ONLY;
            }

            public RunningRole build(final RouteProgrammer dataPlane, final SignallingTransport transport,
                final EpochClock clock)
            {
                // Checked in configure; the launcher may have wrapped it to count the signalling.
                final DataPlaneTransport access = (DataPlaneTransport)(transport instanceof
                    CountingSignallingTransport counted ? counted.inner() : transport);
                final BindingJournal journal = maar.journal() == null ? null : maar.journal().open();
                return new Running(new MobilityAnchorAccessRouter(maar, dataPlane, transport, access.accessLink(),
                    clock, journal), journal);
            }
        };
    }

    private record Running(MobilityAnchorAccessRouter maar, BindingJournal journal) implements RunningRole
    {
        public MobilityRole logic()
        {
            return maar;
        }

        public int start()
        {
            return maar.start();
        }

        public String status()
        {
            return "sessions=" + maar.sessions().size() + " pbus=" + maar.pbusSent() + " registrations=" +
                maar.registrations() + " rejections=" + maar.rejections() + " retransmissions=" +
                maar.retransmissions() + " became-previous=" + maar.becamePrevious() + " ras=" +
                maar.routerAdvertisements() + " dropped=" + maar.dropped() + " data-plane-refusals=" +
                maar.dataPlaneRefusals() + " data-plane-timeouts=" + maar.dataPlaneTimeouts() + " restored=" +
                maar.restoredSessions() + " epoch=" + maar.epoch();
        }

        public AdminTarget admin()
        {
            return new MaarAdmin(maar);
        }

        public BindingJournal journal()
        {
            return journal;
        }

        public void close()
        {
            if (journal != null)
            {
                journal.close();
            }
        }
    }
}
