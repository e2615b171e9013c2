package net.dmmgw.fastpath.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs frame_oracle.py (scapy) over frames and returns its JSON lines; scapy is the independent
 * decoder and checksum oracle for frames the pipeline writes.
 */
public final class ScapyOracle
{
    private ScapyOracle()
    {
    }

    /** Decode frames into flat maps: "ipv6.0.src", "icmp.checksum", "destopt.0.0.type", ... */
    public static List<java.util.Map<String, String>> decodeFlat(final List<byte[]> frames)
        throws IOException, InterruptedException
    {
        final List<java.util.Map<String, String>> result = new ArrayList<>();
        final java.util.regex.Pattern kv = java.util.regex.Pattern.compile("\"([^\"]+)\": (\"[^\"]*\"|[^,}]+)");
        for (final String line : decode(frames))
        {
            final java.util.Map<String, String> map = new java.util.HashMap<>();
            final java.util.regex.Matcher m = kv.matcher(line);
            while (m.find())
            {
                map.put(m.group(1), m.group(2).replace("\"", "").trim());
            }
            result.add(map);
        }
        return result;
    }

    public static List<String> decode(final List<byte[]> frames) throws IOException, InterruptedException
    {
        final Path script;
        try
        {
            script = Path.of(ScapyOracle.class.getResource("/frame_oracle.py").toURI());
        }
        catch (final URISyntaxException ex)
        {
            throw new IOException(ex);
        }
        final Process process = new ProcessBuilder("/usr/bin/python3", script.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
        try (Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII))
        {
            for (final byte[] f : frames)
            {
                w.write(Frames.hex(f));
                w.write('\n');
            }
        }
        final List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = r.readLine()) != null)
            {
                lines.add(line);
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            process.destroyForcibly();
            throw new IOException("scapy oracle failed");
        }
        if (lines.size() != frames.size())
        {
            throw new IOException("scapy oracle returned " + lines.size() + " lines for " + frames.size() + " frames");
        }
        return lines;
    }
}
