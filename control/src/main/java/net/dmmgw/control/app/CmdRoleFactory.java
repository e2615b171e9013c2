package net.dmmgw.control.app;

import net.dmmgw.control.admin.AdminTarget;
import net.dmmgw.control.admin.CmdAdmin;
import net.dmmgw.control.cmd.CentralMobilityDatabase;
import net.dmmgw.control.cmd.CmdConfig;
import net.dmmgw.control.node.ConfigException;
import net.dmmgw.control.node.MobilityRole;
import net.dmmgw.control.node.NodeConfig;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import net.dmmgw.control.routing.TunnelSettings;
import org.agrona.concurrent.EpochClock;

/**
 * {@code node.role=cmd}: the DMM Central Mobility Database (RFC 8885 §3). It only signals with the MAARs and has no
 * data plane: it needs {@code dataplane.client=none} and the raw socket transport.
 */
public final class CmdRoleFactory implements RoleFactory
{
    private static final String CLIENT_KEY = "dataplane.client";
    private static final String TRANSPORT_KEY = "signalling.transport";

    /** {@inheritDoc} */
    public ConfiguredRole configure(final NodeConfig config)
    {
        if (!ControlSettings.RAW.equals(config.string(TRANSPORT_KEY, ControlSettings.RAW)))
        {
            throw new ConfigException(TRANSPORT_KEY,
                "a CMD needs '" + ControlSettings.RAW + "': it has no data plane to punt or inject its signalling");
        }
        if (!"none".equals(config.string(CLIENT_KEY, "aeron")))
        {
            throw new ConfigException(CLIENT_KEY, "a CMD needs 'none': it programs no data plane");
        }
        final CmdConfig cmd = CmdConfig.from(config);
        return new ConfiguredRole()
        {
            public TunnelSettings tunnels()
            {
                throw new IllegalStateException("a CMD has no data plane (dataplane.client=none)");
            }

            public byte[] ownAddress()
            {
                return cmd.address();
            }

            public RunningRole build(final RouteProgrammer dataPlane, final SignallingTransport transport,
                final EpochClock clock)
            {
                return new Running(new CentralMobilityDatabase(cmd, transport, clock));
            }
        };
    }

    private record Running(CentralMobilityDatabase cmd) implements RunningRole
    {
        public MobilityRole logic()
        {
            return cmd;
        }

        public int start()
        {
            return 0;
        }

        public String status()
        {
            return "sessions=" + cmd.sessions().size() + " registrations=" + cmd.registrations() + " handovers=" +
                cmd.handovers() + " refreshes=" + cmd.refreshes() + " session-ends=" + cmd.sessionEnds() +
                " expiries=" + cmd.expiries() + " refused=" + cmd.refused() + " dropped=" + cmd.dropped() +
                " relay-timeouts=" + cmd.relayTimeouts();
        }

        public AdminTarget admin()
        {
            return new CmdAdmin(cmd);
        }

        public void close()
        {
        }
    }
}
