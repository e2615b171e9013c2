package net.dmmgw.perf.fastpath;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

import net.dmmgw.perf.PairedRounds;

/**
 * Several builds of fastpath measured in one process, round by round in turn (A, B, A, B...), so that a
 * shared machine's varying load spreads over all of them ({@link PairedRounds}: each build's rounds, their low
 * quantiles and the mean <em>paired</em> difference of each build to the first with its standard error). Used by
 * {@link PipelineCpuTime}, {@link LpmCpuTime} and {@link LpmChain}.
 */
final class PairedBuilds
{
    private final List<String> names = new ArrayList<>();
    private final List<DoubleSupplier> builds = new ArrayList<>();

    /**
     * Prepare one build per jar, each in its own class loader with the jar first (its fastpath classes win
     * over the ones on this class path), by calling {@code tool.prepare(argTypes...)} there.
     *
     * @param tool     class with a static {@code prepare} method returning a {@link DoubleSupplier} (one round).
     * @param jars     fastpath jars; none: this class path's build only.
     * @param argTypes parameter types of {@code prepare}.
     * @param args     its arguments.
     * @throws Exception on unreadable jars or a failing {@code prepare}.
     */
    PairedBuilds(final Class<?> tool, final List<String> jars, final Class<?>[] argTypes, final Object... args)
        throws Exception
    {
        this(tool, jars, argTypes, jar -> jar, jar -> args);
    }

    /**
     * As {@link #PairedBuilds(Class, List, Class[], Object...)}, with arguments per build: a build is named by an
     * entry from which {@code jarOf} takes the jar and {@code argsOf} the arguments of {@code prepare} (e.g. the
     * same jar at two burst sizes, {@code fastpath.jar@32 fastpath.jar@64}).
     *
     * @param tool     class with a static {@code prepare} method returning a {@link DoubleSupplier} (one round).
     * @param entries  the builds' names; none: this class path's build only, with {@code argsOf("this")}.
     * @param argTypes parameter types of {@code prepare}.
     * @param jarOf    the fastpath jar of an entry.
     * @param argsOf   the arguments of {@code prepare} for an entry.
     * @throws Exception on unreadable jars or a failing {@code prepare}.
     */
    PairedBuilds(final Class<?> tool, final List<String> entries, final Class<?>[] argTypes,
        final Function<String, String> jarOf, final Function<String, Object[]> argsOf) throws Exception
    {
        if (entries.isEmpty())
        {
            names.add("this");
            builds.add((DoubleSupplier)tool.getMethod("prepare", argTypes).invoke(null, argsOf.apply("this")));
        }
        final String[] classPath = System.getProperty("java.class.path").split(File.pathSeparator);
        for (final String entry : entries)
        {
            final String jar = jarOf.apply(entry);
            final Object[] args = argsOf.apply(entry);
            final URL[] urls = new URL[classPath.length + 1];
            urls[0] = Path.of(jar).toUri().toURL();
            for (int k = 0; k < classPath.length; k++)
            {
                urls[k + 1] = Path.of(classPath[k]).toUri().toURL();
            }
            final URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
            final Method prepare = loader.loadClass(tool.getName()).getMethod("prepare", argTypes);
            names.add(entry);
            builds.add((DoubleSupplier)prepare.invoke(null, args));
        }
    }

    /**
     * Run the rounds and print them, then the summary lines ({@link PairedRounds#run}).
     *
     * @param label  leading fields of every line (e.g. {@code mode=forward prefixes=1000}).
     * @param unit   what one round measures (e.g. {@code pipeline ns/packet}).
     * @param rounds rounds per build; the first two are warm-up and left out of the summaries.
     */
    void run(final String label, final String unit, final int rounds)
    {
        new PairedRounds(names, builds).run(label, unit, rounds);
    }
}
