package net.dmmgw.dpdk.raw;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Loads {@code libdmmgw_dpdk.so}, the C shim packaged in this jar, and resolves DPDK symbols
 * through it.
 *
 * <p>The shim is linked against {@code librte_eal}, {@code librte_ethdev}, {@code librte_mempool}
 * and {@code librte_mbuf}, so a lookup on the shim also finds DPDK's exported functions (dlsym on
 * a library handle searches its dependencies). Lookup order: the system property
 * {@value #LIBRARY_PATH_PROP_NAME} (a path to the .so), else the resource {@value #RESOURCE},
 * used in place when the classes come from a directory and extracted to a temporary file when
 * they come from a jar.
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
     *         temporary copy when it came from a jar.
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
        final var address = LOOKUP.find(name)
            .orElseThrow(() -> new UnsatisfiedLinkError("symbol not found in libdmmgw_dpdk or DPDK: " + name));
        return Linker.nativeLinker().downcallHandle(address, descriptor, options);
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
            final Path file = Files.createTempFile("libdmmgw_dpdk-", ".so");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot extract " + url + " to a temporary file", ex);
        }
    }
}
