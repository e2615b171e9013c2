package net.dmmgw.dpdk.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shim is extracted from the jar once per content and reused, so that processes killed before their
 * delete-on-exit hooks run leave nothing new behind.
 */
class ShimLibraryExtractTest
{
    private static final byte[] LIBRARY = "not really an ELF file, but bytes to place".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path tmp;

    @Test
    void everyStartOfOneBuildUsesTheSameFile() throws IOException
    {
        final Path first = ShimLibrary.extract(LIBRARY, tmp);
        final Path second = ShimLibrary.extract(LIBRARY, tmp);

        assertEquals(first, second);
        assertArrayEquals(LIBRARY, Files.readAllBytes(first));
        assertEquals(List.of(first.getFileName().toString()), names(first.getParent()), "one file, no partial copy");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent())));
    }

    @Test
    void anotherBuildGetsItsOwnFile() throws IOException
    {
        final Path first = ShimLibrary.extract(LIBRARY, tmp);
        final byte[] other = "another build".getBytes(StandardCharsets.US_ASCII);
        final Path second = ShimLibrary.extract(other, tmp);

        assertNotEquals(first, second);
        assertArrayEquals(other, Files.readAllBytes(second));
        assertArrayEquals(LIBRARY, Files.readAllBytes(first));
    }

    @Test
    void aDamagedCopyIsReplaced() throws IOException
    {
        final Path file = ShimLibrary.extract(LIBRARY, tmp);
        Files.write(file, new byte[] {1, 2, 3}); // e.g. a disk that filled up mid-write before this scheme

        assertEquals(file, ShimLibrary.extract(LIBRARY, tmp));
        assertArrayEquals(LIBRARY, Files.readAllBytes(file));
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsRefused() throws IOException
    {
        Files.writeString(tmp.resolve("dmmgw-native-" + System.getProperty("user.name")), "squatter");

        final IOException ex = assertThrows(IOException.class, () -> ShimLibrary.extract(LIBRARY, tmp));
        assertTrue(ex.getMessage().contains("is not a directory of user"), ex.getMessage());
    }

    private static List<String> names(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
