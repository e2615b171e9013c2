package net.dmmgw.ipc.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import net.dmmgw.ipc.DataPlaneClient;
import net.dmmgw.ipc.DataPlaneListener;
import net.dmmgw.ipc.EmbeddedMediaDriver;
import net.dmmgw.ipc.IpcConfiguration;
import net.dmmgw.ipc.sbe.AckResult;
import net.dmmgw.ipc.sbe.PuntReason;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * Plays the control process for the seam: programs one data plane with the full state of a
 * {@link StateFile} as a snapshot of one epoch, once connected and again whenever the data plane
 * asks for a resync, and reports what the data plane sends. An operator can program a data plane
 * by hand with it; the system tests use it as the control side.
 * <p>
 * Prints one line per event on stdout: {@code READY}, {@code SNAPSHOT epoch=N entries=M errors=E},
 * {@code SNAPSHOT-FAILED ...}, {@code ACK line=N result=R ERROR reason} (a refused entry),
 * {@code ACK id=N result=R reason} (an ack nobody waited for), {@code RESYNC dataPlane=D lastEpoch=E},
 * {@code PUNT port=P reason=R length=L}, {@code DATAPLANE alive|gone}. A snapshot is sent once
 * both directions are up (publication connected, data plane heartbeats arriving); one that gets no
 * ack is sent again a second later. Runs until SIGTERM or
 * SIGINT (then closes the client and the embedded driver). Exit 2: bad usage, configuration or
 * state file, the error naming the key or file and line; exit 1: the seam could not start.
 */
public final class SeamControl implements DataPlaneListener
{
    /** Exit code of a bad command line, configuration or state file. */
    public static final int EXIT_USAGE = 2;
    /** Exit code when the seam could not be started. */
    public static final int EXIT_FAILED = 1;
    /** A snapshot that failed (no ack: the data plane went away or its side was not up) is sent again after this. */
    private static final long SNAPSHOT_RETRY_NS = TimeUnit.SECONDS.toNanos(1);

    private static final String USAGE = """
        usage: SeamControl --config <properties> --epoch <n> --state <file> [--control-id <n>] [--ack-timeout-ms <n>]
          --config          IpcConfiguration keys (dmmgw.ipc.to.dataplane.channel, dmmgw.ipc.to.control.channel,
                            streams, dmmgw.ipc.aeron.dir, dmmgw.ipc.embedded.driver, heartbeat interval/timeout)
          --epoch           this control session's epoch (>= 1; larger after every control restart)
          --state           the state sent as a snapshot
          --control-id      sender id in heartbeats (default 1)
          --ack-timeout-ms  how long to wait for each ack (default 2000)
        """ + StateFile.FORMAT;

    private final PrintStream out;
    private final List<StateLine> state;
    private final long ackTimeoutNs;
    private DataPlaneClient client;
    private boolean snapshotDue = true;
    private boolean inSnapshot;
    private volatile boolean running = true;

    private SeamControl(final PrintStream out, final List<StateLine> state, final long ackTimeoutNs)
    {
        this.out = out;
        this.state = state;
        this.ackTimeoutNs = ackTimeoutNs;
    }

    /** Command line entry point; see the class comment. */
    public static void main(final String[] args)
    {
        System.exit(run(args, System.out));
    }

    /**
     * Parses the arguments and runs until the JVM is asked to stop.
     *
     * @return the exit code.
     */
    static int run(final String[] args, final PrintStream out)
    {
        final Options options;
        try
        {
            options = Options.parse(args);
            if (options.help)
            {
                out.print(USAGE);
                return 0;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            out.println("error: " + ex.getMessage());
            out.print(USAGE);
            return EXIT_USAGE;
        }
        return new SeamControl(out, options.state, TimeUnit.MILLISECONDS.toNanos(options.ackTimeoutMs))
            .serve(options.configuration, options.controlId, options.epoch);
    }

    private int serve(final IpcConfiguration configuration, final long controlId, final long epoch)
    {
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            running = false;
            awaitQuietly(stopped);
        }, "seam-control-shutdown");
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            driver = configuration.embeddedDriver() ? EmbeddedMediaDriver.launch(configuration) : null;
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(configuration.aeronDirectory()));
            client = new DataPlaneClient(controlId, epoch, aeron, configuration, this, new OffsetEpochNanoClock());
            Runtime.getRuntime().addShutdownHook(hook);
            event("READY epoch=" + epoch + " entries=" + state.size() + " to=" + configuration.toDataPlaneChannel());
            loop();
            return 0;
        }
        catch (final RuntimeException ex)
        {
            event("FAILED " + ex);
            return EXIT_FAILED;
        }
        finally
        {
            CloseHelper.quietCloseAll(client, aeron, driver);
            event("STOPPED");
            stopped.countDown();
        }
    }

    private void loop()
    {
        final IdleStrategy idle = new BackoffIdleStrategy(10, 20, 1_000, 1_000_000);
        boolean alive = false;
        long retryAtNs = System.nanoTime();
        while (running)
        {
            int work = client.poll();
            // Both directions must be up: the publication connected and the data plane's heartbeats
            // arriving (else its acks are lost and the data plane waits in an open snapshot).
            if (snapshotDue && client.isConnected() && client.isDataPlaneAlive() && System.nanoTime() - retryAtNs >= 0)
            {
                snapshotDue = !sendSnapshot();
                retryAtNs = System.nanoTime() + SNAPSHOT_RETRY_NS;
                work++;
            }
            if (alive != client.isDataPlaneAlive())
            {
                alive = !alive;
                event("DATAPLANE " + (alive ? "alive" : "gone"));
            }
            idle.idle(work);
        }
    }

    /** @return true when the snapshot was sent and its begin, entries and end were acknowledged. */
    private boolean sendSnapshot()
    {
        inSnapshot = true;
        try
        {
            final long epoch = client.epoch();
            if (!acked(client.beginSnapshot(), "snapshot begin"))
            {
                return false;
            }
            int errors = 0;
            for (final StateLine line : state)
            {
                final long id = line.send(client);
                final AckResult result = client.awaitAck(id, ackTimeoutNs);
                if (null == result)
                {
                    event("SNAPSHOT-FAILED epoch=" + epoch + " line=" + line.lineNumber() + " no ack");
                    return false;
                }
                if (result != AckResult.OK)
                {
                    errors++;
                    event("ACK line=" + line.lineNumber() + " result=" + result + " ERROR " + client.lastAckReason());
                }
            }
            if (!acked(client.endSnapshot(state.size()), "snapshot end"))
            {
                return false;
            }
            event("SNAPSHOT epoch=" + epoch + " entries=" + state.size() + " errors=" + errors);
            return true;
        }
        finally
        {
            inSnapshot = false;
        }
    }

    private boolean acked(final long correlationId, final String what)
    {
        final AckResult result = client.awaitAck(correlationId, ackTimeoutNs);
        if (result != AckResult.OK)
        {
            event("SNAPSHOT-FAILED epoch=" + client.epoch() + " " + what + ": " +
                (null == result ? "no ack" : result + " " + client.lastAckReason()));
            return false;
        }
        return true;
    }

    /** {@inheritDoc} */
    public void onResyncRequest(final long dataPlaneId, final long lastEpoch)
    {
        event("RESYNC dataPlane=" + dataPlaneId + " lastEpoch=" + lastEpoch);
        // During a snapshot the request predates it (the agent does not ask while one is open) or
        // comes from a restarted data plane, which keeps asking until it has one.
        if (!inSnapshot)
        {
            snapshotDue = true;
        }
    }

    /** {@inheritDoc} */
    public void onPunt(final int port, final PuntReason reason, final DirectBuffer frame, final int offset, final int length)
    {
        event("PUNT port=" + port + " reason=" + reason + " length=" + length);
    }

    /** {@inheritDoc} */
    public void onAck(final long correlationId, final AckResult result, final String reason)
    {
        event("ACK id=" + correlationId + " result=" + result + (reason.isEmpty() ? "" : " " + reason));
    }

    private void event(final String line)
    {
        out.println(line);
        out.flush();
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ignored)
        {
            Thread.currentThread().interrupt();
        }
    }

    /** The command line, validated. */
    private static final class Options
    {
        IpcConfiguration configuration;
        List<StateLine> state;
        long epoch = -1;
        long controlId = 1;
        long ackTimeoutMs = 2000;
        boolean help;

        static Options parse(final String[] args)
        {
            final Options o = new Options();
            Path config = null;
            Path stateFile = null;
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                if ("--help".equals(arg) || "-h".equals(arg))
                {
                    o.help = true;
                    return o;
                }
                if (i + 1 == args.length)
                {
                    throw new IllegalArgumentException(arg.startsWith("--") ? arg + " needs a value" : "unexpected " + arg);
                }
                final String value = args[++i];
                switch (arg)
                {
                    case "--config" -> config = Path.of(value);
                    case "--state" -> stateFile = Path.of(value);
                    case "--epoch" -> o.epoch = positive(arg, value);
                    case "--control-id" -> o.controlId = positive(arg, value);
                    case "--ack-timeout-ms" -> o.ackTimeoutMs = positive(arg, value);
                    default -> throw new IllegalArgumentException("unknown option " + arg);
                }
            }
            if (null == config || null == stateFile || o.epoch < 0)
            {
                throw new IllegalArgumentException("--config, --epoch and --state are required");
            }
            o.configuration = IpcConfiguration.fromProperties(load(config));
            try
            {
                o.state = StateFile.load(stateFile);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read state file " + stateFile + ": " + ex, ex);
            }
            return o;
        }

        private static Properties load(final Path file)
        {
            final Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(file))
            {
                properties.load(in);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read configuration " + file + ": " + ex, ex);
            }
            return properties;
        }

        private static long positive(final String option, final String value)
        {
            try
            {
                final long parsed = Long.parseLong(value);
                if (parsed < 1)
                {
                    throw new IllegalArgumentException(option + " must be at least 1, got " + value);
                }
                return parsed;
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(option + " must be a number, got '" + value + "'", ex);
            }
        }
    }
}
