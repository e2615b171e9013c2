package net.dmmgw.control.app;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.MagAdmin;
import net.dmmgw.control.metrics.CountingSignallingTransport;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.mag.MagConfig;
import net.dmmgw.control.mag.MobileAccessGateway;
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
 * {@code node.role=mag}: the RFC 5213 MAG. Its access links are data-plane ports (Router Solicitations punted,
 * Router Advertisements injected), so it needs {@code signalling.transport=dataplane}.
 */
public final class MagRoleFactory implements RoleFactory
{
    private static final String TRANSPORT_KEY = "signalling.transport";

    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        if (!ControlSettings.DATAPLANE.equals(config.string(TRANSPORT_KEY, ControlSettings.RAW)))
        {
            throw new ConfigException(TRANSPORT_KEY,
                "a MAG needs '" + ControlSettings.DATAPLANE + "': its access links are data-plane ports");
        }
        final MagConfig mag = MagConfig.from(config);
        return new ConfiguredRole()
        {
            public TunnelSettings tunnels()
            {
                return mag.tunnel();
            }

            public byte[] ownAddress()
            {
                return mag.address();
            }

            public IngressFilter ingressFilter()
            {
                return IngressFilter.OUTER_ONLY; // downlink from the LMA carries any correspondent's source
            }

            public RunningRole build(final RouteProgrammer dataPlane, final SignallingTransport transport,
                final EpochClock clock)
            {
                // Checked in configure; the launcher may have wrapped it to count the signalling.
                final DataPlaneTransport access = (DataPlaneTransport)(transport instanceof
                    CountingSignallingTransport counted ? counted.inner() : transport);
                final BindingJournal journal = mag.journalDirectory() == null ? null :
                    new BindingJournal(mag.journalDirectory(), mag.compactAfterRecords());
                return new Running(new MobileAccessGateway(mag, dataPlane, transport, access.accessLink(), clock,
                    journal), journal);
            }
        };
    }

    private record Running(MobileAccessGateway mag, BindingJournal journal) implements RunningRole
    {
        public MobilityRole logic()
        {
            return mag;
        }

        public int start()
        {
            return mag.start();
        }

        public String status()
        {
            return "sessions=" + mag.sessions().size() + " pbus=" + mag.pbusSent() + " pbas=" + mag.pbasAccepted() +
                " retransmissions=" + mag.retransmissions() + " rejections=" + mag.rejections() + " ras=" +
                mag.routerAdvertisements() + " nas=" + mag.neighbourAdvertisements() + " unknown-mns=" +
                mag.unknownMobileNodes() + " unmatched-pbas=" + mag.unmatchedPbas() + " dropped=" + mag.dropped() +
                " ignored-frames=" + mag.ignoredFrames() + " epoch=" + mag.epoch();
        }

        public AdminTarget admin()
        {
            return new MagAdmin(mag);
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
