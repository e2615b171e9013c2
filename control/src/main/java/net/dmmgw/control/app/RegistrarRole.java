package net.dmmgw.control.app;

import java.nio.file.Path;
import java.util.function.Function;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.HaAdmin;
import net.dmmgw.control.ha.HomeRegistrar;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.routing.TunnelSettings;
import org.agrona.concurrent.EpochClock;

/**
 * A running home registrar (the RFC 6275 home agent, the FAMA DAR) with its Chronicle Queue journal: what the
 * {@code ha} and {@code dar} factories share.
 *
 * @param registrar the role logic.
 * @param journal its journal.
 * @param role the role name (admin API).
 */
record RegistrarRole(HomeRegistrar registrar, BindingJournal journal, String role) implements RunningRole
{
    /** Builds a registrar from the data plane, transport, clock and its opened journal. */
    @FunctionalInterface
    interface Builder
    {
        HomeRegistrar build(RouteProgrammer dataPlane, SignallingTransport transport, EpochClock clock,
            BindingJournal journal);
    }

    /**
     * @param role the role name.
     * @param address the registrar's address (answered for in Neighbour Solicitations).
     * @param tunnels its {@code tunnel.*} keys.
     * @param journalDirectory {@code journal.dir}.
     * @param compactAfterRecords {@code journal.compact-after-records}.
     * @param builder makes the registrar.
     * @return the configured role.
     */
    static ConfiguredRole configured(final String role, final byte[] address, final TunnelSettings tunnels,
        final Path journalDirectory, final long compactAfterRecords, final Builder builder)
    {
        return new ConfiguredRole()
        {
            public byte[] ownAddress()
            {
                return address;
            }

            public TunnelSettings tunnels()
            {
                return tunnels;
            }

            public RunningRole build(final RouteProgrammer dataPlane, final SignallingTransport transport,
                final EpochClock clock)
            {
                final BindingJournal journal = new BindingJournal(journalDirectory, compactAfterRecords);
                return new RegistrarRole(builder.build(dataPlane, transport, clock, journal), journal, role);
            }
        };
    }

    public MobilityRole logic()
    {
        return registrar;
    }

    public int start()
    {
        return registrar.start();
    }

    public String status()
    {
        return "bindings=" + registrar.cache().size() + " bas=" + registrar.basSent() + " rejected=" +
            registrar.rejected() + " dropped=" + registrar.dropped() + " malformed=" + registrar.malformed() +
            " auth-failures=" + registrar.authenticationFailures() + " rollbacks=" + registrar.rollbacks() +
            " epoch=" + registrar.epoch();
    }

    public AdminTarget admin()
    {
        return new HaAdmin(registrar, role);
    }

    public void close()
    {
        journal.close();
    }
}
