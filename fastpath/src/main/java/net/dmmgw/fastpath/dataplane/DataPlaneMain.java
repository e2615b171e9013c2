package net.dmmgw.fastpath.dataplane;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The data-plane launcher ({@code scripts/dataplane}): {@code run --config <file>} runs the
 * process until SIGINT/SIGTERM; {@code rate ...} is the {@code perf/rate} plug-in (see
 * {@link RateCommand}). Exit codes: 0 success, 1 failure at run time (DPDK, a worker), 2 bad usage
 * or configuration.
 */
public final class DataPlaneMain
{
    /** Success. */
    public static final int EXIT_OK = 0;
    /** DPDK or a worker failed, or the measurement is not valid. */
    public static final int EXIT_FAILED = 1;
    /** Bad command line or configuration. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = """
        Usage: dataplane run --config <file>
               dataplane rate --mode forward|encap|decap --routes <file> --tunnels <file> --rx-pcap <file>
                              --seconds <n> --file-prefix <p> --lcore <n> --mem <MB>
                              [--warmup <s>] [--tx-pcap <file>] [--idle busy-spin|backoff]
                              [--lpm-first-level-bits 16|24|auto]
                              [--mempool-memory dpdk|dpdk-packed|huge-anon|auto] [--burst-size <1..512>]
               dataplane run --help | rate --help

          run    the data-plane process: EAL, ports, static state and workers from the configuration
                 file (keys: see fastpath/README.md "Data-plane process"); runs until SIGINT/SIGTERM,
                 then stops the workers, prints per-port statistics and non-zero counters, closes the
                 ports and cleans up EAL.
          rate   perf/rate's plug-in: net_pcap (rx_pcap, infinite_rx=1) -> one worker on --lcore ->
                 net_null; builds the tables from the perf/rate route and tunnel files, warms up, then
                 forwards for --seconds and prints
                   PACKETS <tx packets on the egress port> SECONDS <elapsed>
                   ALLOCATED_BYTES <bytes the worker thread allocated meanwhile>
                 and exits 1 if the pipeline dropped any packet during the run (the number would not
                 measure the mode). With --tx-pcap the input is read once (no infinite_rx) and the
                 output written to the file (for perf/rate.d/verify_encap.py).
                 Modes: forward (R lines -> next hop on port 1), encap (R lines -> their tunnel),
                 decap (decap.pcap: tunnel peers -> our endpoint; inner packets forwarded).
                 The prefix tables' first level is 24 bits wide unless --lpm-first-level-bits says
                 otherwise (tables.lpm-first-level-bits). --mempool-memory: mempool.memory (default
                 auto); --burst-size: burst.size, the worker's rx burst and tx buffer size (default:
                 the configuration's default, 32).

        Exit codes: 0 ok, 1 failed, 2 bad usage or configuration.
        """;

    private DataPlaneMain()
    {
    }

    /**
     * @param args {@code run ...} or {@code rate ...}.
     */
    public static void main(final String[] args)
    {
        final int rc = execute(args, System.out, System.err);
        RunCommand.done(); // everything is closed: a shutdown hook must not wait
        if (!RunCommand.stoppedBySignal())
        {
            System.exit(rc);
        }
    }

    /**
     * Run a command.
     *
     * @param args command line.
     * @param out  results.
     * @param err  diagnostics.
     * @return the exit code.
     */
    public static int execute(final String[] args, final PrintStream out, final PrintStream err)
    {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help"))
        {
            (args.length == 0 ? err : out).print(USAGE);
            return args.length == 0 ? EXIT_USAGE : EXIT_OK;
        }
        final String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h"))
        {
            out.print(USAGE);
            return EXIT_OK;
        }
        try
        {
            return switch (args[0])
            {
                case "run" -> RunCommand.run(options(rest, Set.of("--config")), out, err);
                case "rate" -> RateCommand.run(options(rest, RateCommand.OPTIONS), out, err);
                default -> throw new ConfigException("unknown command '" + args[0] + "' (expected run or rate)");
            };
        }
        catch (final ConfigException ex)
        {
            err.println("dataplane: " + ex.getMessage());
            err.println("(dataplane --help for usage)");
            return EXIT_USAGE;
        }
    }

    /** {@code --name value} pairs; unknown or repeated options and missing values are errors. */
    static Map<String, String> options(final String[] args, final Set<String> allowed)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2)
        {
            if (!allowed.contains(args[i]))
            {
                throw new ConfigException("unknown option '" + args[i] + "' (allowed: " + allowed + ")");
            }
            if (i + 1 >= args.length)
            {
                throw new ConfigException(args[i] + ": missing value");
            }
            if (options.put(args[i], args[i + 1]) != null)
            {
                throw new ConfigException(args[i] + ": given twice");
            }
        }
        return options;
    }

    /** The option's value, or a {@link ConfigException} naming it. */
    static String required(final Map<String, String> options, final String name)
    {
        final String value = options.get(name);
        if (value == null)
        {
            throw new ConfigException(name + ": required");
        }
        return value;
    }
}
