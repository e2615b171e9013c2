package net.dmmgw.fastpath.mem;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Zeroed off-heap memory for tables, freed by the GC when no longer referenced.
 * <p>
 * Large tables are probed at random, so without huge pages nearly every probe is also a TLB miss.
 * Allocations of at least {@link #HUGE_PAGE_THRESHOLD} octets are therefore mapped anonymously,
 * aligned to 2 MiB and advised {@code MADV_HUGEPAGE} before they are touched, so that transparent
 * huge pages back them when the kernel allows it ({@code madvise} or {@code always} mode). If libc
 * cannot be reached, the mapping fails or {@value #HUGE_PAGES_PROP_NAME} is {@code false}, it falls back to
 * {@link Arena#ofAuto()}.
 */
public final class OffHeap
{
    /** System property: {@code false} disables the huge-page mapping (default {@code true}). */
    public static final String HUGE_PAGES_PROP_NAME = "dmmgw.fastpath.hugePages";
    /** Allocations this large try transparent huge pages. */
    public static final long HUGE_PAGE_THRESHOLD = 4L << 20;
    private static final long HUGE_PAGE = 2L << 20;
    private static final int PROT_READ_WRITE = 0x3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x22;
    /** Do not count the mapping against the commit limit: a reservation is mostly never touched. */
    private static final int MAP_NORESERVE = 0x4000;
    private static final int MADV_HUGEPAGE = 14;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;
    private static final MethodHandle MADVISE;

    static
    {
        MethodHandle mmap = null;
        MethodHandle munmap = null;
        MethodHandle madvise = null;
        try
        {
            final Linker linker = Linker.nativeLinker();
            final SymbolLookup libc = linker.defaultLookup();
            mmap = linker.downcallHandle(libc.findOrThrow("mmap"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
            munmap = linker.downcallHandle(libc.findOrThrow("munmap"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            madvise = linker.downcallHandle(libc.findOrThrow("madvise"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        }
        catch (final RuntimeException ex)
        {
            mmap = null; // not on Linux/glibc, or native access denied: plain arena allocation only
        }
        MMAP = mmap;
        MUNMAP = munmap;
        MADVISE = madvise;
    }

    private OffHeap()
    {
    }

    /**
     * @param bytes size.
     * @return zeroed memory aligned to at least 64 octets, released when unreachable.
     */
    public static MemorySegment allocate(final long bytes)
    {
        if (bytes >= HUGE_PAGE_THRESHOLD && MMAP != null
            && !"false".equals(System.getProperty(HUGE_PAGES_PROP_NAME)))
        {
            final MemorySegment mapped = mapHuge(bytes);
            if (mapped != null)
            {
                return mapped;
            }
        }
        return Arena.ofAuto().allocate(bytes, 64);
    }

    /**
     * Like {@link #allocate} for a region sized for the worst case of which only a part is usually
     * used (LPM group pools): always an anonymous mapping when possible, so that pages never
     * touched cost no memory, advised {@code MADV_HUGEPAGE} unless {@value #HUGE_PAGES_PROP_NAME}
     * is {@code false}.
     *
     * @param bytes size.
     * @return zeroed memory aligned to at least 64 octets, released when unreachable.
     */
    public static MemorySegment reserve(final long bytes)
    {
        if (bytes >= HUGE_PAGE_THRESHOLD && MMAP != null)
        {
            final MemorySegment mapped = map(bytes, !"false".equals(System.getProperty(HUGE_PAGES_PROP_NAME)),
                MAP_NORESERVE);
            if (mapped != null)
            {
                return mapped;
            }
        }
        return Arena.ofAuto().allocate(bytes, 64);
    }

    private static MemorySegment mapHuge(final long bytes)
    {
        return map(bytes, true, 0);
    }

    @SuppressWarnings("restricted")
    private static MemorySegment map(final long bytes, final boolean hugePages, final int extraFlags)
    {
        final long length = bytes + HUGE_PAGE;
        try
        {
            final long base = (long)MMAP.invokeExact(0L, length, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS | extraFlags, -1, 0L);
            if (base == -1L)
            {
                return null;
            }
            final long aligned = (base + HUGE_PAGE - 1) & -HUGE_PAGE;
            if (hugePages)
            {
                final int ignored = (int)MADVISE.invokeExact(aligned, bytes, MADV_HUGEPAGE);
            }
            return MemorySegment.ofAddress(aligned).reinterpret(bytes, Arena.ofAuto(), s -> unmap(base, length));
        }
        catch (final Throwable ex)
        {
            return null;
        }
    }

    private static void unmap(final long base, final long length)
    {
        try
        {
            final int ignored = (int)MUNMAP.invokeExact(base, length);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("munmap failed", ex);
        }
    }
}
