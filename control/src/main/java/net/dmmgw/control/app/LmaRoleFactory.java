package net.dmmgw.control.app;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.LmaAdmin;
import net.dmmgw.control.routing.TunnelSettings;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.lma.LmaConfig;
import net.dmmgw.control.lma.LocalMobilityAnchor;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.concurrent.EpochClock;

/** {@code node.role=lma}: the RFC 5213 LMA with its Chronicle Queue journal. */
public final class LmaRoleFactory implements RoleFactory
{
    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        final LmaConfig lma = LmaConfig.from(config);
        return new ConfiguredRole()
        {
            public byte[] ownAddress()
            {
                return lma.address();
            }

            public TunnelSettings tunnels()
            {
                return new TunnelSettings(lma.tunnelEgressPort(), lma.tunnelMtu(), lma.tunnelHopLimit(),
                    lma.tunnelNextHopMac());
            }

            public RunningRole build(final RouteProgrammer dataPlane, final SignallingTransport transport,
                final EpochClock clock)
            {
                final BindingJournal journal = new BindingJournal(lma.journalDirectory(), lma.compactAfterRecords());
                return new Running(new LocalMobilityAnchor(lma, dataPlane, transport, clock, journal), journal);
            }
        };
    }

    private record Running(LocalMobilityAnchor lma, BindingJournal journal) implements RunningRole
    {
        public MobilityRole logic()
        {
            return lma;
        }

        public int start()
        {
            return lma.start();
        }

        public String status()
        {
            long earliest = Long.MAX_VALUE;
            long latest = Long.MIN_VALUE;
            for (final BindingCacheEntry e : lma.cache().entries())
            {
                if (e.state() == BindingState.ACTIVE)
                {
                    earliest = Math.min(earliest, e.expiresAtMs());
                    latest = Math.max(latest, e.expiresAtMs());
                }
            }
            final long now = System.currentTimeMillis();
            final String expiry = earliest == Long.MAX_VALUE ? "" :
                " expires-in-ms=" + (earliest - now) + ".." + (latest - now);
            return "bindings=" + lma.cache().size() + expiry + " pbas=" + lma.pbasSent() + " dropped=" + lma.dropped() +
                " rollbacks=" + lma.rollbacks() + " data-plane-timeouts=" + lma.dataPlaneTimeouts() +
                " resync-failures=" + lma.resyncFailures() + " epoch=" + lma.epoch();
        }

        public AdminTarget admin()
        {
            return new LmaAdmin(lma);
        }

        public BindingJournal journal()
        {
            return journal;
        }

        public void close()
        {
            journal.close();
        }
    }
}
