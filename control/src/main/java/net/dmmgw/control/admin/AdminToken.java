package net.dmmgw.control.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin API's bearer token: 32 random octets as hex in a file readable by its owner only (0600), written next to
 * the run dir's {@code admin.url} when the server starts; dmmctl reads it and sends {@code Authorization: Bearer}.
 */
public final class AdminToken
{
    private static final int OCTETS = 32;

    private AdminToken()
    {
    }

    /**
     * Creates (or replaces) the token file with a fresh token, 0600 from the moment it exists.
     *
     * @param file token file.
     * @return the token.
     */
    public static String create(final Path file) throws IOException
    {
        final byte[] raw = new byte[OCTETS];
        new SecureRandom().nextBytes(raw);
        final String token = HexFormat.of().formatHex(raw);
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path tmp = Files.createTempFile(dir, ".admin-token", ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, token + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return token;
    }

    /**
     * @param file token file.
     * @return the token in it (trimmed).
     * @throws IOException when it cannot be read.
     */
    public static String read(final Path file) throws IOException
    {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** @return true when the presented token equals the expected one (constant time). */
    public static boolean matches(final String expected, final String presented)
    {
        return presented != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
            presented.getBytes(StandardCharsets.US_ASCII));
    }
}
