package net.dmmgw.dpdk;

import static java.lang.foreign.ValueLayout.ADDRESS;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import net.dmmgw.dpdk.raw.DmmgwShim;
import net.dmmgw.dpdk.raw.RteEal;

/**
 * The DPDK Environment Abstraction Layer of this process: init once, clean up once.
 *
 * <p>DPDK allows one {@code rte_eal_init} per process (a second one fails with EALREADY, and
 * there is no re-init after {@code rte_eal_cleanup}), so this class remembers the state and
 * refuses a second init with a {@link DpdkException} before calling DPDK. Every other set-up call
 * of this package checks {@link #isRunning()} first, because most DPDK functions crash rather than
 * fail when EAL is not up.
 *
 * <p>{@code rte_eal_init} pins the calling thread to the main lcore's CPU. Since the calling
 * thread is usually a JVM main or test thread, not a packet worker, {@link #init} restores the
 * caller's previous CPU affinity afterwards; workers pin themselves with
 * {@link Lcore#pinCurrentThread(int)}.
 */
public final class Eal
{
    /** argv[0] passed to {@code rte_eal_init}. */
    public static final String PROGRAM_NAME = "dmmgw";

    private enum State
    {
        NOT_INITIALISED, RUNNING, CLEANED_UP
    }

    private static State state = State.NOT_INITIALISED;
    private static List<String> arguments = List.of();

    private Eal()
    {
    }

    /**
     * Initialises EAL with the given arguments, e.g.
     * {@code List.of("-l", "0", "--no-huge", "--no-pci", "-m", "256", "--file-prefix=gw1", "--vdev=net_ring0")}.
     *
     * @param args EAL arguments without argv[0].
     * @return the number of arguments EAL parsed.
     * @throws DpdkException when EAL is (or was) already initialised in this process, when the
     *                       struct layout check fails, or when {@code rte_eal_init} fails (bad
     *                       argument, file-prefix in use, not enough memory...).
     */
    public static synchronized int init(final List<String> args)
    {
        final String context = "args " + args;
        if (state != State.NOT_INITIALISED)
        {
            throw new DpdkException("rte_eal_init", -Errno.EALREADY,
                state == State.RUNNING
                    ? "EAL is already initialised in this process with " + arguments
                        + " (DPDK allows one rte_eal_init per process)"
                    : "EAL was cleaned up in this process and cannot be initialised again",
                context);
        }
        DpdkLayout.verify();
        final Arena arena = Arena.global(); // EAL may keep pointers into argv for the process lifetime
        final List<String> all = new ArrayList<>(args.size() + 1);
        all.add(PROGRAM_NAME);
        all.addAll(args);
        final MemorySegment argv = arena.allocate(ADDRESS, all.size() + 1L);
        for (int i = 0; i < all.size(); i++)
        {
            argv.setAtIndex(ADDRESS, i, arena.allocateFrom(all.get(i)));
        }
        final int rc;
        try (Arena confined = Arena.ofConfined())
        {
            final MemorySegment affinity = Lcore.saveAffinity(confined);
            rc = RteEal.rte_eal_init(all.size(), argv);
            Lcore.restoreAffinity(affinity);
        }
        if (rc < 0)
        {
            final int errno = DmmgwShim.dmmgw_errno();
            throw new DpdkException("rte_eal_init", -errno, RteEal.rte_strerror(errno), context);
        }
        state = State.RUNNING;
        arguments = List.copyOf(args);
        return rc;
    }

    /** @return true between a successful {@link #init} and {@link #cleanup}. */
    public static synchronized boolean isRunning()
    {
        return state == State.RUNNING;
    }

    /** @return the arguments of the successful {@link #init}, empty before. */
    public static synchronized List<String> arguments()
    {
        return arguments;
    }

    /**
     * Releases EAL resources ({@code rte_eal_cleanup}); does nothing unless EAL is running.
     * Stop and close ports first.
     *
     * @throws DpdkException when {@code rte_eal_cleanup} fails.
     */
    public static synchronized void cleanup()
    {
        if (state != State.RUNNING)
        {
            return;
        }
        state = State.CLEANED_UP;
        final int rc = RteEal.rte_eal_cleanup();
        deleteRuntimeDirectory();
        if (rc < 0)
        {
            throw DpdkException.ofReturnCode("rte_eal_cleanup", rc, "args " + arguments);
        }
    }

    /**
     * The directory where EAL keeps this process's runtime files (config, memseg lists, the
     * multi-process socket): {@code /var/run/dpdk/<file-prefix>} for root, else under
     * {@code $XDG_RUNTIME_DIR/dpdk} or {@code /tmp/dpdk}. DPDK leaves it behind at exit.
     *
     * @param args EAL arguments; {@code --file-prefix=X} or {@code --file-prefix X} selects X (default "rte").
     * @return the directory.
     */
    public static Path runtimeDirectory(final List<String> args)
    {
        String prefix = "rte";
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (arg.startsWith("--file-prefix="))
            {
                prefix = arg.substring("--file-prefix=".length());
            }
            else if ("--file-prefix".equals(arg) && i + 1 < args.size())
            {
                prefix = args.get(i + 1);
            }
        }
        final String xdg = System.getenv("XDG_RUNTIME_DIR");
        final boolean root = "root".equals(System.getProperty("user.name"));
        final Path base = root ? Path.of("/var/run/dpdk") : xdg != null ? Path.of(xdg, "dpdk") : Path.of("/tmp/dpdk");
        return base.resolve(prefix);
    }

    /** Removes this process's runtime directory: after rte_eal_cleanup nothing may attach to it. */
    private static void deleteRuntimeDirectory()
    {
        final Path dir = runtimeDirectory(arguments);
        try (Stream<Path> files = Files.list(dir))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        }
        catch (final IOException ex)
        {
            // Left-over runtime files only cost disk space; a failed cleanup must not hide the real result.
            System.err.println("Eal.cleanup: could not remove " + dir + ": " + ex);
        }
    }

    /** @return number of lcores EAL runs ({@code rte_lcore_count}). */
    public static int lcoreCount()
    {
        requireRunning("rte_lcore_count");
        return RteEal.rte_lcore_count();
    }

    /**
     * Fails unless EAL is running: DPDK functions called before {@code rte_eal_init} crash.
     *
     * @param function the DPDK function about to be called, for the message.
     * @throws DpdkException when EAL is not running.
     */
    static void requireRunning(final String function)
    {
        if (!isRunning())
        {
            throw new DpdkException(function, -Errno.EINVAL,
                "EAL is not running (call Eal.init first; state " + currentState() + ")", "guard");
        }
    }

    private static synchronized State currentState()
    {
        return state;
    }
}
