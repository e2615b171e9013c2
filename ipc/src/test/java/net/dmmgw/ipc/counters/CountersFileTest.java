package net.dmmgw.ipc.counters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CountersFileTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadWhatTheWriterCountsThroughAReadOnlyMapping() throws Exception
    {
        final Path path = dir.resolve("counters.dat");
        try (CountersFile writer = CountersFile.create(path, 4))
        {
            final AtomicCounter counter = writer.manager().newCounter("w0 forwarded");
            counter.increment();
            counter.getAndAdd(41);
            try (CountersFile reader = CountersFile.openReadOnly(path))
            {
                assertNull(reader.manager());
                assertEquals(42, reader.valueOf("w0 forwarded"));
                assertEquals(-1, reader.valueOf("w0 no such counter"));
                counter.increment();
                assertEquals(43, reader.valueOf("w0 forwarded"));
            }
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotACountersFileNamingIt() throws Exception
    {
        final Path tooShort = dir.resolve("short.dat");
        Files.write(tooShort, new byte[10]);
        assertRefused(tooShort, "too short");

        final Path zeros = dir.resolve("zeros.dat");
        Files.write(zeros, new byte[4096]);
        assertRefused(zeros, "bad magic or version");

        final Path real = dir.resolve("real.dat");
        try (CountersFile ignored = CountersFile.create(real, 2))
        {
            // created: the layout is valid as written
        }
        final byte[] bytes = Files.readAllBytes(real);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, bytes.length);
        final Path longValues = dir.resolve("lengths.dat");
        Files.write(longValues, bytes);
        assertRefused(longValues, "bad lengths");

        assertThrows(IOException.class, () -> CountersFile.openReadOnly(dir.resolve("missing.dat")));
    }

    private static void assertRefused(final Path path, final String why)
    {
        final IOException ex = assertThrows(IOException.class, () -> CountersFile.openReadOnly(path));
        assertTrue(ex.getMessage().contains(path.toString()) && ex.getMessage().contains(why), ex.getMessage());
    }
}
