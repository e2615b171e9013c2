package net.dmmgw.fastpath.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The {@code -XX:CompileCommand=dontinline} options of {@code scripts/dataplane} name {@link Pipeline}'s burst passes
 * and {@code decapsulate} and nothing else: a renamed method, or a new method whose name happens to end in
 * {@code Pass}, would silently change what C2 compiles as one unit (perf/RESULTS.md, "inlining of the burst loop",
 * "the decapsulation chain").
 */
class PassCompileCommandTest
{
    private static final Path LAUNCHER = Path.of("..", "scripts", "dataplane").toAbsolutePath().normalize();

    @Test
    void shouldKeepExactlyTheThreeBurstPassesAndDecapsulationOutOfLine() throws Exception
    {
        final String script = Files.readString(LAUNCHER);
        final Matcher m = Pattern.compile("-XX:CompileCommand=dontinline,([\\w.$]+)::([\\w*]+)").matcher(script);
        final Set<String> matched = new TreeSet<>();
        int options = 0;
        while (m.find())
        {
            options++;
            assertEquals(Pipeline.class.getName(), m.group(1));
            final Pattern glob = Pattern.compile(m.group(2).replace("*", "\\w*"));
            for (final Method method : Pipeline.class.getDeclaredMethods())
            {
                if (glob.matcher(method.getName()).matches())
                {
                    assertTrue(matched.add(method.getName()), method + " is named twice or overloaded");
                    assertTrue(Modifier.isPrivate(method.getModifiers()), method + " is called from outside");
                    if (method.getName().endsWith("Pass"))
                    {
                        // A pass walks burst[0..n); the action pass also takes the caller's BurstOutput.
                        final List<Class<?>> parameters = Arrays.asList(method.getParameterTypes());
                        final int common = Math.min(2, parameters.size());
                        assertEquals(Arrays.asList(PacketContext[].class, int.class), parameters.subList(0, common),
                            method + " is not a pass over a burst");
                        assertEquals(method.getName().equals("actPass") ? List.of(BurstOutput.class) : List.of(),
                            parameters.subList(common, parameters.size()), method.toString());
                    }
                }
            }
        }
        assertEquals(2, options, "dontinline options in " + LAUNCHER);
        assertEquals(Set.of("actPass", "classifyPass", "lookupPass", "decapsulate"), matched);
    }
}
