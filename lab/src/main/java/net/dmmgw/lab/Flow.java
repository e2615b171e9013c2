package net.dmmgw.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One flow of the story: {@code lab/flow.py} in the mobile node's namespace, ICMPv6 echo and a UDP stream with
 * sequence numbers from one of its addresses to the correspondent's echo service. Its live file tells how many
 * replies came so far; {@link #stop} ends it and reads its report.
 */
final class Flow implements AutoCloseable
{
    final int number;
    final String source;
    final int anchor;
    private final Process process;
    private final Path out;
    private final Path stopFile;
    private FlowReport report;

    private Flow(final int number, final String source, final int anchor, final Process process, final Path out,
        final Path stopFile)
    {
        this.number = number;
        this.source = source;
        this.anchor = anchor;
        this.process = process;
        this.out = out;
        this.stopFile = stopFile;
    }

    /**
     * @param number 1, 2, 3 (also its ICMPv6 echo identifier's low bits).
     * @param source the mobile node's address it is sent from.
     * @param anchor the MAAR that anchors that address's prefix.
     */
    static Flow start(final String namespace, final Path script, final Path dir, final int number, final String source,
        final int anchor, final double intervalS)
    {
        final Path out = dir.resolve("flow" + number + ".txt");
        final Path stop = dir.resolve("flow" + number + ".stop");
        try
        {
            final Process p = new ProcessBuilder("ip", "netns", "exec", namespace, "/usr/bin/python3",
                script.toString(), "--src", source, "--dst", LabNetwork.CN_ADDRESS, "--port", "7", "--interval",
                Double.toString(intervalS), "--ident", Integer.toString(0x4c00 + number), "--stop-file",
                stop.toString(), "--out", out.toString(), "--max-seconds", "600")
                .redirectErrorStream(true).redirectOutput(dir.resolve("flow" + number + ".log").toFile()).start();
            return new Flow(number, source, anchor, p, out, stop);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return replies so far: {udp, ping} (0, 0 before the first live file). */
    long[] received()
    {
        try
        {
            final String[] f = Files.readString(out.resolveSibling(out.getFileName() + ".live")).trim().split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])};
        }
        catch (final IOException | RuntimeException ex)
        {
            return new long[] {0, 0};
        }
    }

    /**
     * Waits until both kinds got more replies than {@code floor}.
     *
     * @return false when the time passed first or the flow died.
     */
    boolean awaitReplies(final long[] floor, final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() - deadline < 0 && process.isAlive())
        {
            final long[] r = received();
            if (r[0] > floor[0] && r[1] > floor[1])
            {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Asks the flow to stop (it then waits a second for the last replies). */
    void requestStop()
    {
        try
        {
            Files.writeString(stopFile, "stop\n");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Stops the flow and reads its report. */
    FlowReport stop() throws InterruptedException
    {
        if (report != null)
        {
            return report;
        }
        try
        {
            requestStop();
            if (!process.waitFor(20, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("flow " + number + " did not stop");
            }
            report = FlowReport.parse(number, Files.readAllLines(out));
            return report;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("flow " + number + ": no report (" + log() + ")", ex);
        }
    }

    private String log()
    {
        try
        {
            return Files.readString(out.resolveSibling("flow" + number + ".log"));
        }
        catch (final IOException ex)
        {
            return ex.toString();
        }
    }

    /** Kills the flow if it still runs; never throws. */
    public void close()
    {
        process.destroyForcibly();
        try
        {
            process.waitFor(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * What a flow measured.
     *
     * @param number the flow.
     * @param kinds udp and ping.
     */
    record FlowReport(int number, List<Kind> kinds)
    {
        /**
         * @param name udp or ping.
         * @param runs every run of consecutive losses.
         */
        record Kind(String name, long sent, long received, long lost, List<LossRun> runs)
        {
        }

        /**
         * @param firstLostMs epoch ms of the first lost request.
         * @param nextAnsweredMs epoch ms of the next answered request, -1 if none (lost until the end).
         * @param count requests lost.
         */
        record LossRun(long firstLostMs, long nextAnsweredMs, long count)
        {
            /** @return how long nothing came back: first lost request to the next answered one. */
            long interruptionMs()
            {
                return nextAnsweredMs < 0 ? Long.MAX_VALUE : nextAnsweredMs - firstLostMs;
            }
        }

        static FlowReport parse(final int number, final List<String> lines)
        {
            final List<Kind> kinds = new ArrayList<>();
            for (final String line : lines)
            {
                final String[] f = line.trim().split(" ");
                if (f[0].equals("kind"))
                {
                    kinds.add(new Kind(f[1], Long.parseLong(f[3]), Long.parseLong(f[5]), Long.parseLong(f[7]),
                        new ArrayList<>()));
                }
            }
            for (final String line : lines)
            {
                final String[] f = line.trim().split(" ");
                if (f[0].equals("run"))
                {
                    for (final Kind k : kinds)
                    {
                        if (k.name.equals(f[1]))
                        {
                            k.runs.add(new LossRun((long)Double.parseDouble(f[2]), (long)Double.parseDouble(f[3]),
                                Long.parseLong(f[4])));
                        }
                    }
                }
            }
            if (kinds.size() != 2)
            {
                throw new IllegalStateException("flow " + number + ": unreadable report " + lines);
            }
            return new FlowReport(number, kinds);
        }

        /** @return requests lost (both kinds) whose loss started in [fromMs, toMs). */
        long lostBetween(final long fromMs, final long toMs)
        {
            long lost = 0;
            for (final Kind k : kinds)
            {
                for (final LossRun r : k.runs)
                {
                    if (r.firstLostMs >= fromMs && r.firstLostMs < toMs)
                    {
                        lost += r.count;
                    }
                }
            }
            return lost;
        }

        /** @return the longest interruption (either kind) that started in [fromMs, toMs), 0 if none. */
        long interruptionBetween(final long fromMs, final long toMs)
        {
            long longest = 0;
            for (final Kind k : kinds)
            {
                for (final LossRun r : k.runs)
                {
                    if (r.firstLostMs >= fromMs && r.firstLostMs < toMs)
                    {
                        longest = Math.max(longest, r.interruptionMs());
                    }
                }
            }
            return longest;
        }

        /** @return true when the last requests of both kinds were answered (the flow works at the end). */
        boolean endsAnswered()
        {
            for (final Kind k : kinds)
            {
                for (final LossRun r : k.runs)
                {
                    if (r.nextAnsweredMs < 0)
                    {
                        return false;
                    }
                }
            }
            return true;
        }

        long sent()
        {
            return kinds.stream().mapToLong(Kind::sent).sum();
        }

        long lost()
        {
            return kinds.stream().mapToLong(Kind::lost).sum();
        }
    }
}
