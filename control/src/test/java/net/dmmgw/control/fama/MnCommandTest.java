package net.dmmgw.control.fama;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.dmmgw.control.cli.DmmCtl;
import net.dmmgw.control.cli.ExitCode;
import net.dmmgw.control.cli.Hex;
import net.dmmgw.control.ha.HaStatus;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static net.dmmgw.control.fama.FamaRig.DAR;
import static net.dmmgw.control.fama.FamaRig.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dmmctl mn}: a key pair, a CGA home address in DAR1's prefix, the CGA-signed BU the DAR accepts, the token
 * out of the DAR's BA, the token-authorized BU after a movement that the DAR accepts too; {@code dmmctl decode}
 * takes the BUs; bad input exits 3.
 */
class MnCommandTest
{
    @TempDir
    Path dir;

    private String out;
    private String err;

    private int dmmctl(final String... args)
    {
        final StringWriter o = new StringWriter();
        final StringWriter e = new StringWriter();
        final CommandLine cmd = new CommandLine(new DmmCtl());
        cmd.setOut(new PrintWriter(o));
        cmd.setErr(new PrintWriter(e));
        final int code = cmd.execute(args);
        out = o.toString().trim();
        err = e.toString().trim();
        return code;
    }

    private static String field(final String json, final String name)
    {
        final Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertTrue(m.find(), json);
        return m.group(1);
    }

    @Test
    void theCliDrivesADar()
    {
        final String key = dir.resolve("mn.key").toString();
        assertEquals(ExitCode.OK, dmmctl("mn", "keygen", "--key", key, "--bits", "1024"), err);
        assertEquals(ExitCode.OK, dmmctl("mn", "address", "--key", key, "--prefix", FamaRig.PREFIX[0]), err);
        final String home = field(out, "address");
        final String parameters = field(out, "parameters");
        assertTrue(text(Ipv6Words.bytes(home)).startsWith("2001:db8:a1:0:"), home);
        final String coa1 = "2001:db8:f1::5";
        final String coa2 = "2001:db8:f2::6";
        assertEquals(ExitCode.OK, dmmctl("mn", "bu", "--key", key, "--home", home, "--parameters", parameters,
            "--dar", DAR[0], "--care-of", coa1, "--sequence", "40"), err);
        final String signed = out;
        assertEquals(ExitCode.OK, dmmctl("decode", "--hex", signed, "--src", home, "--dst", DAR[0]), out);
        assertTrue(out.contains("\"name\":\"Signature\""), out);

        try (FamaRig rig = new FamaRig(dir.resolve("dars"), new Properties()))
        {
            final byte[] hoa = Ipv6Words.bytes(home);
            final List<FamaRig.Sent> ba = rig.inject(0, Ipv6Words.bytes(coa1), hoa, Hex.decode(signed));
            assertEquals(0, FamaTest.status(ba.get(0)));
            assertEquals(ExitCode.OK, dmmctl("mn", "token", "--key", key, "--ba", Hex.encode(ba.get(0).mh())), err);
            final String token = out;
            assertArrayEquals(rig.dar(0).binding(hoa).linkLayerId(), Hex.decode(token));

            assertEquals(ExitCode.OK, dmmctl("mn", "bu", "--key", key, "--home", home, "--parameters", parameters,
                "--dar", DAR[0], "--care-of", coa2, "--sequence", "41", "--token", token), err);
            final String moved = out;
            assertEquals(ExitCode.OK, dmmctl("decode", "--hex", moved, "--src", home, "--dst", DAR[0]), out);
            out = moved;
            assertEquals(0, FamaTest.status(rig.inject(0, Ipv6Words.bytes(coa2), hoa, Hex.decode(out)).get(0)));
            assertEquals(text(Ipv6Words.bytes(coa2)), rig.tunnelRemote(0, hoa));
            assertEquals(HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW,
                FamaTest.status(rig.inject(0, Ipv6Words.bytes(coa2), hoa, Hex.decode(out)).get(0)));
        }

        assertEquals(3, dmmctl("mn", "bu", "--key", key, "--home", "2001:db8:a1::1", "--parameters", parameters,
            "--dar", DAR[0], "--care-of", coa1, "--sequence", "1"));
        assertTrue(err.contains("no CGA of --parameters"), err);
        assertEquals(3, dmmctl("mn", "address", "--key", dir.resolve("none").toString(), "--prefix", "2001:db8::"));
        assertEquals(ExitCode.USAGE, dmmctl("mn"));
    }
}
