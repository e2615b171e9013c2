package net.dmmgw.dpdk.raw;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Loads {@code libdmmgw_dpdk.so}, the C shim packaged in this jar, and resolves DPDK symbols
 * through it.
 *
 * <p>The shim is linked against {@code librte_eal}, {@code librte_ethdev}, {@code librte_mempool}
 * and {@code librte_mbuf}, so a lookup on the shim also finds DPDK's exported functions (dlsym on
 * a library handle searches its dependencies). Lookup order: the system property
 * {@value #LIBRARY_PATH_PROP_NAME} (a path to the .so), else the resource {@value #RESOURCE},
 * used in place when the classes come from a directory and extracted when they come from a jar, once per
 * content, to {@code ${java.io.tmpdir}/dmmgw-native-<user>/} (see {@link #extract(byte[], Path)}).
 */
public final class ShimLibrary
{
    /** System property naming an explicit path to the shim library (overrides the packaged one). */
    public static final String LIBRARY_PATH_PROP_NAME = "dmmgw.dpdk.shim";

    /** Class-path resource of the shim built by Maven. */
    public static final String RESOURCE = "/native/linux-x86_64/libdmmgw_dpdk.so";

    private static final Path PATH = libraryPath();
    private static final SymbolLookup LOOKUP = load();

    private ShimLibrary()
    {
    }

    /**
     * @return the file the shim was loaded from: the -D path, the resource in place, or its
     *         extracted copy when it came from a jar.
     */
    public static Path path()
    {
        return PATH;
    }

    /**
     * Resolves a symbol of the shim or of the DPDK libraries it links and makes a downcall handle.
     *
     * @param name       C symbol name.
     * @param descriptor C signature.
     * @param options    linker options, for example {@code Linker.Option.critical(false)}.
     * @return the downcall handle.
     * @throws UnsatisfiedLinkError when the symbol does not exist.
     */
    public static MethodHandle downcall(
        final String name, final FunctionDescriptor descriptor, final Linker.Option... options)
    {
        return Linker.nativeLinker().downcallHandle(symbol(name), descriptor, options);
    }

    /**
     * The address of a C function of the shim or of the DPDK libraries it links, to pass as a callback
     * (e.g. {@code rte_pktmbuf_init} to {@code rte_mempool_obj_iter}): C calls C, no upcall into Java.
     *
     * @param name C symbol name.
     * @return the symbol's address (a zero-length segment).
     * @throws UnsatisfiedLinkError when the symbol does not exist.
     */
    public static MemorySegment symbol(final String name)
    {
        return LOOKUP.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("symbol not found in libdmmgw_dpdk or DPDK: " + name));
    }

    /**
     * Makes a downcall handle to a libc function (sched_getcpu, sched_getaffinity, ...).
     *
     * @param name       C symbol name.
     * @param descriptor C signature.
     * @return the downcall handle.
     */
    public static MethodHandle libc(final String name, final FunctionDescriptor descriptor)
    {
        final var linker = Linker.nativeLinker();
        final var address = linker.defaultLookup().find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("symbol not found in libc: " + name));
        return linker.downcallHandle(address, descriptor);
    }

    private static SymbolLookup load()
    {
        final Module module = ShimLibrary.class.getModule();
        if (!module.isNativeAccessEnabled())
        {
            throw new IllegalStateException("native access is disabled for " + module
                + ": start the JVM with --enable-native-access=" + (module.isNamed() ? module.getName() : "ALL-UNNAMED"));
        }
        return SymbolLookup.libraryLookup(PATH, Arena.global());
    }

    private static Path libraryPath()
    {
        final String explicit = System.getProperty(LIBRARY_PATH_PROP_NAME);
        if (explicit != null && !explicit.isBlank())
        {
            return Path.of(explicit);
        }
        final URL url = ShimLibrary.class.getResource(RESOURCE);
        if (url == null)
        {
            throw new IllegalStateException("resource " + RESOURCE + " is missing from the class path: build "
                + "native-bindings with Maven (it compiles src/main/c) or set -D" + LIBRARY_PATH_PROP_NAME);
        }
        try
        {
            if ("file".equals(url.getProtocol()))
            {
                return Path.of(url.toURI());
            }
            return extract(url);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalStateException("bad resource URL " + url, ex);
        }
    }

    private static Path extract(final URL url)
    {
        try (InputStream in = url.openStream())
        {
            return extract(in.readAllBytes(), Path.of(System.getProperty("java.io.tmpdir")));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot extract " + url + " to " + System.getProperty("java.io.tmpdir"), ex);
        }
    }

    /**
     * Writes the library once per content: {@code <tmp>/dmmgw-native-<user>/libdmmgw_dpdk-<sha-256 prefix>.so},
     * reused by every later process. A temporary copy per process with delete-on-exit was left behind by every
     * process that was killed (hundreds after a day of tests); one file per build is not.
     *
     * @param library the library's bytes.
     * @param tmp     the temporary directory to create the per-user directory in.
     * @return the library file.
     * @throws IOException when the directory or the file cannot be written, or the directory belongs to another user.
     */
    static Path extract(final byte[] library, final Path tmp) throws IOException
    {
        final String user = System.getProperty("user.name", "unknown").replaceAll("[^A-Za-z0-9_.-]", "_");
        final Path dir = tmp.resolve("dmmgw-native-" + user);
        try
        {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        catch (final FileAlreadyExistsException ex)
        {
            // Someone else's directory (a shared /tmp) could hold a library of theirs under our name: refuse it.
            final UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !owner.getName().equals(System.getProperty("user.name")))
            {
                throw new IOException(dir + " exists and is not a directory of user " + System.getProperty("user.name")
                    + " (owner " + owner.getName() + ")", ex);
            }
        }
        final Path file = dir.resolve("libdmmgw_dpdk-" + sha256Prefix(library) + ".so");
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), library))
        {
            return file;
        }
        // Concurrent first starts each write their own copy and move it into place: the file is always whole.
        final Path partial = Files.createTempFile(dir, "libdmmgw_dpdk-", ".partial");
        try
        {
            Files.write(partial, library);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally
        {
            Files.deleteIfExists(partial);
        }
        return file;
    }

    private static String sha256Prefix(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
        }
    }
}
