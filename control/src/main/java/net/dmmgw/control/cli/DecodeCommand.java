package net.dmmgw.control.cli;

import net.dmmgw.control.codec.DmmConfig;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.ValidationResult;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dmmctl decode}: prints Mobility Header messages as JSON, one object per line.
 */
@Command(
    name = "decode",
    description = {
        "Decode Mobility Header messages and print them as JSON (one object per line).",
        "Exit codes: 0 all valid, 1 a message failed validation, 2 usage error, 3 unusable input." },
    mixinStandardHelpOptions = true)
public final class DecodeCommand implements Callable<Integer>
{
    static final class Source
    {
        @Option(names = "--hex", paramLabel = "HEX",
            description = "Octets starting at the MH Payload Proto octet (or an IPv6 packet with --ipv6).")
        String hex;

        @Option(names = "--pcap", paramLabel = "FILE",
            description = "A libpcap file; every IPv6 packet carrying a Mobility Header is decoded.")
        Path pcap;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--ipv6", description = "The --hex octets are a whole IPv6 packet (checksum is then verified).")
    boolean ipv6;

    @Option(names = "--src", paramLabel = "IPV6",
        description = "IPv6 source address, to verify the checksum of a bare MH given with --hex.")
    String src;

    @Option(names = "--dst", paramLabel = "IPV6",
        description = "IPv6 destination address, to verify the checksum of a bare MH given with --hex.")
    String dst;

    @Option(names = "--dmm-compat", paramLabel = "MODE",
        description = "DMM numbering: iana (RFC 8885, default) or draft02 (draft-ietf-dmm-pmipv6-dlif-02 D flag " +
            "positions and 33-octet Previous MAAR).", defaultValue = "iana")
    String dmmCompat;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final DmmConfig config;
        switch (dmmCompat)
        {
            case "iana" -> config = DmmConfig.iana();
            case "draft02" -> config = DmmConfig.draft02();
            default ->
            {
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "--dmm-compat must be 'iana' or 'draft02', not '" + dmmCompat + "'");
            }
        }
        if ((src == null) != (dst == null))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--src and --dst go together");
        }
        final MessagePrinter printer = new MessagePrinter(config, out);
        try
        {
            if (source.hex != null)
            {
                return decodeHex(printer);
            }
            return decodePcap(printer, err);
        }
        catch (final IllegalArgumentException | IOException ex)
        {
            err.println("dmmctl decode: " + ex.getMessage());
            err.flush();
            return ExitCode.BAD_INPUT;
        }
    }

    private int decodeHex(final MessagePrinter printer)
    {
        final byte[] octets = Hex.decode(source.hex);
        if (octets.length == 0)
        {
            throw new IllegalArgumentException("--hex is empty");
        }
        if (ipv6)
        {
            final Ipv6Packet.Location at = Ipv6Packet.locate(octets, 0, octets.length);
            return printer.print(-1, octets, at.mhOffset(), at.mhLength(), at.srcIndex(), at.dstIndex()) ?
                ExitCode.OK : ExitCode.INVALID_MESSAGE;
        }
        if (src != null)
        {
            final byte[] withAddresses = new byte[32 + octets.length];
            System.arraycopy(parseIpv6(src), 0, withAddresses, 0, 16);
            System.arraycopy(parseIpv6(dst), 0, withAddresses, 16, 16);
            System.arraycopy(octets, 0, withAddresses, 32, octets.length);
            return printer.print(-1, withAddresses, 32, octets.length, 0, 16) ? ExitCode.OK : ExitCode.INVALID_MESSAGE;
        }
        return printer.print(-1, octets, 0, octets.length, -1, -1) ? ExitCode.OK : ExitCode.INVALID_MESSAGE;
    }

    private int decodePcap(final MessagePrinter printer, final PrintWriter err) throws IOException
    {
        final List<PcapReader.Packet> packets = PcapReader.readIpv6(source.pcap);
        int decoded = 0;
        boolean allValid = true;
        for (final PcapReader.Packet p : packets)
        {
            final Ipv6Packet.Location at;
            try
            {
                at = Ipv6Packet.locate(p.data(), p.ipOffset(), p.data().length - p.ipOffset());
            }
            catch (final IllegalArgumentException notMh)
            {
                continue;
            }
            decoded++;
            allValid &= printer.print(p.frame(), p.data(), at.mhOffset(), at.mhLength(), at.srcIndex(), at.dstIndex());
        }
        if (decoded == 0)
        {
            err.println("dmmctl decode: no Mobility Header in " + source.pcap);
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        return allValid ? ExitCode.OK : ExitCode.INVALID_MESSAGE;
    }

    private static byte[] parseIpv6(final String text)
    {
        if (text.indexOf(':') < 0)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
        }
        try
        {
            final byte[] address = java.net.InetAddress.getByName(text).getAddress();
            if (address.length != 16)
            {
                throw new IllegalArgumentException("not an IPv6 address: '" + text + "'");
            }
            return address;
        }
        catch (final java.net.UnknownHostException ex)
        {
            throw new IllegalArgumentException("not an IPv6 address: '" + text + "'", ex);
        }
    }

    /** Validates and prints one message per call. */
    private static final class MessagePrinter
    {
        private final MobilityHeaderDecoder decoder;
        private final MobilityHeaderValidator validator;
        private final ValidationResult result = new ValidationResult();
        private final MhJsonWriter writer = new MhJsonWriter();
        private final PrintWriter out;

        MessagePrinter(final DmmConfig config, final PrintWriter out)
        {
            this.decoder = new MobilityHeaderDecoder(config);
            this.validator = new MobilityHeaderValidator(config);
            this.out = out;
        }

        boolean print(
            final int frame, final byte[] data, final int mhOffset, final int mhLength, final int srcIndex,
            final int dstIndex)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(data, 0, mhOffset + mhLength);
            final boolean checksum = srcIndex >= 0;
            if (checksum)
            {
                validator.validate(buffer, mhOffset, mhLength, buffer, srcIndex, dstIndex, result);
            }
            else
            {
                validator.validateWithoutChecksum(buffer, mhOffset, mhLength, result);
            }
            decoder.wrap(buffer, mhOffset, mhLength);
            String json = writer.write(decoder, result, checksum);
            if (frame > 0)
            {
                json = "{\"frame\":" + frame + "," + json.substring(1);
            }
            out.println(json);
            out.flush();
            return result.isValid();
        }
    }
}
