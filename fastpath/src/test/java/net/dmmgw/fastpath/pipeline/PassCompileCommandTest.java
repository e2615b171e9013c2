package net.dmmgw.fastpath.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The {@code -XX:CompileCommand=dontinline} of {@code scripts/dataplane} names {@link Pipeline}'s burst passes and
 * nothing else: a renamed pass, or a new method whose name happens to end in {@code Pass}, would silently change
 * what C2 compiles as one unit (perf/RESULTS.md, "inlining of the burst loop").
 */
class PassCompileCommandTest
{
    private static final Path LAUNCHER = Path.of("..", "scripts", "dataplane").toAbsolutePath().normalize();

    @Test
    void shouldKeepExactlyTheThreeBurstPassesOutOfLine() throws Exception
    {
        final String script = Files.readString(LAUNCHER);
        final Matcher m = Pattern.compile("-XX:CompileCommand=dontinline,([\\w.$]+)::([\\w*]+)").matcher(script);
        assertTrue(m.find(), "no dontinline in " + LAUNCHER);
        assertEquals(Pipeline.class.getName(), m.group(1));
        final Pattern glob = Pattern.compile(m.group(2).replace("*", "\\w*"));
        final Set<String> matched = new TreeSet<>();
        for (final Method method : Pipeline.class.getDeclaredMethods())
        {
            if (glob.matcher(method.getName()).matches())
            {
                matched.add(method.getName());
                assertTrue(Modifier.isPrivate(method.getModifiers()), method + " is called from outside");
                assertEquals(Arrays.asList(PacketContext[].class, int.class),
                    Arrays.asList(method.getParameterTypes()), method + " is not a pass over a burst");
            }
        }
        assertEquals(Set.of("actPass", "classifyPass", "lookupPass"), matched);
    }
}
