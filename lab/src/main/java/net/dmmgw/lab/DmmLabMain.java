package net.dmmgw.lab;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code scripts/demo}'s program: runs {@link DmmLab} once and ends with {@code DEMO OK handovers=<n> flows=<m>
 * lost=<packets> max_interruption_ms=<t>} (exit 0) or {@code DEMO FAILED <reason>} (exit 1). A shutdown hook removes
 * the lab on Ctrl-C / SIGTERM too. Exit 2: bad usage. {@code --protocol fama} runs {@link FamaLab} instead (the same
 * last line).
 */
public final class DmmLabMain
{
    static final String USAGE = """
        Usage: scripts/demo [--mode relay|locator|proxy] [--protocol pmipv6|fama] [--keep] [--interval-ms N] [--dlif] [--help]
        (the whole story and every option: scripts/demo --help)
        """;

    private DmmLabMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        System.exit(run(args, System.out));
    }

    static int run(final String[] args, final PrintStream out) throws Exception
    {
        String mode = "relay";
        String protocol = "pmipv6";
        String tag = Long.toString(ProcessHandle.current().pid());
        boolean keep = false;
        boolean dlif = false;
        double intervalS = 0.02;
        for (int i = 0; i < args.length; i++)
        {
            final String a = args[i];
            switch (a)
            {
                case "--mode" -> mode = value(args, ++i, a);
                case "--protocol" -> protocol = value(args, ++i, a);
                case "--tag" -> tag = value(args, ++i, a);
                case "--interval-ms" -> intervalS = Integer.parseInt(value(args, ++i, a)) / 1000.0;
                case "--keep" -> keep = true;
                case "--dlif" -> dlif = true;
                case "-h", "--help" ->
                {
                    out.print(USAGE);
                    return 0;
                }
                default ->
                {
                    System.err.print(USAGE);
                    System.err.println("demo: unknown option " + a);
                    return 2;
                }
            }
        }
        if (!DmmLab.MODES.contains(mode))
        {
            System.err.println("demo: --mode must be relay, locator or proxy, not " + mode);
            return 2;
        }
        if (!protocol.equals("pmipv6") && !protocol.equals("fama"))
        {
            System.err.println("demo: --protocol must be pmipv6 or fama, not " + protocol);
            return 2;
        }
        if (!tag.matches("[a-z0-9]{1,12}"))
        {
            System.err.println("demo: --tag must be 1-12 lower-case letters or digits");
            return 2;
        }
        final AutoCloseable[] holder = new AutoCloseable[1];
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            if (done.getCount() > 0)
            {
                out.println("demo: interrupted, tearing the lab down");
                out.flush();
            }
            synchronized (holder)
            {
                if (holder[0] != null)
                {
                    try
                    {
                        holder[0].close();
                    }
                    catch (final Exception ex)
                    {
                        out.println("demo: teardown: " + ex);
                    }
                }
            }
        }, "dmm-lab-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        final boolean fama = protocol.equals("fama");
        final String mode0 = mode;
        final boolean dlif0 = dlif;
        final double interval = intervalS;
        final String tag0 = tag;
        return runLab(() -> fama ? FamaLab.start(tag0, interval, out) :
            DmmLab.start(new DmmLab.Options(mode0, tag0, interval, out, dlif0)), keep, out, holder, done);
    }

    /** The lab's hints for --keep: dmmctl commands and what to look at on the node. */
    private static List<String> hints(final LabStory lab)
    {
        if (lab instanceof FamaLab fama)
        {
            return List.of(fama.dmmctlHint(1), "ip netns exec " + fama.namespaces().get(3) +
                " ip -6 rule    # the mobile node's policy routing (a table per anchor left)");
        }
        final DmmLab dmm = (DmmLab)lab;
        return List.of(dmm.dmmctlHint("cmd"), dmm.dmmctlHint("maar3").replace("show bindings", "show routes"),
            "ip netns exec " + dmm.namespaces().get(4) + " ip -6 addr    # the mobile node");
    }

    private static List<String> namespaces(final LabStory lab)
    {
        return lab instanceof FamaLab fama ? fama.namespaces() : ((DmmLab)lab).namespaces();
    }

    private static int runLab(final java.util.concurrent.Callable<LabStory> start, final boolean keep,
        final PrintStream out, final AutoCloseable[] holder, final CountDownLatch done) throws InterruptedException
    {
        final LabStory lab;
        try
        {
            lab = start.call();
        }
        catch (final Exception ex)
        {
            done.countDown();
            out.println("DEMO FAILED the lab did not start: " + ex.getMessage());
            return 1;
        }
        synchronized (holder)
        {
            holder[0] = lab;
        }
        final DmmLab.Result result = lab.run();
        if (keep && result.ok())
        {
            out.println("demo: --keep: the lab stays up. Explore it from another shell, e.g.:");
            for (final String hint : hints(lab))
            {
                out.println("    " + hint);
            }
            out.println("  namespaces: " + String.join(" ", namespaces(lab)));
            out.println("  tear it down: Ctrl-C here, or kill -TERM " + ProcessHandle.current().pid());
            out.println(result.demoLine());
            out.flush();
            Thread.currentThread().join(); // until a signal: the hook removes the lab
        }
        lab.close();
        done.countDown();
        out.println(result.demoLine());
        return result.ok() ? 0 : 1;
    }

    private static String value(final String[] args, final int i, final String option)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }
}
