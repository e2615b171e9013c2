package net.dmmgw.control.app;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.HaAdmin;
import net.dmmgw.control.ha.HaConfig;
import net.dmmgw.control.ha.HomeAgent;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.routing.TunnelSettings;
import org.agrona.concurrent.EpochClock;

/** {@code node.role=ha}: the RFC 6275 home agent with its Chronicle Queue journal. */
public final class HaRoleFactory implements RoleFactory
{
    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        final HaConfig ha = HaConfig.from(config);
        return new ConfiguredRole()
        {
            public byte[] ownAddress()
            {
                return ha.address();
            }

            public TunnelSettings tunnels()
            {
                return ha.tunnel();
            }

            public RunningRole build(final RouteProgrammer dataPlane, final SignallingTransport transport,
                final EpochClock clock)
            {
                final BindingJournal journal = new BindingJournal(ha.journalDirectory(), ha.compactAfterRecords());
                return new Running(new HomeAgent(ha, dataPlane, transport, clock, journal), journal);
            }
        };
    }

    private record Running(HomeAgent ha, BindingJournal journal) implements RunningRole
    {
        public MobilityRole logic()
        {
            return ha;
        }

        public int start()
        {
            return ha.start();
        }

        public String status()
        {
            return "bindings=" + ha.cache().size() + " bas=" + ha.basSent() + " rejected=" + ha.rejected() +
                " dropped=" + ha.dropped() + " malformed=" + ha.malformed() + " auth-failures=" +
                ha.authenticationFailures() + " rollbacks=" + ha.rollbacks() + " epoch=" + ha.epoch();
        }

        public AdminTarget admin()
        {
            return new HaAdmin(ha);
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
