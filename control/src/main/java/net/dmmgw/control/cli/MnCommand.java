package net.dmmgw.control.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.concurrent.Callable;

import net.dmmgw.control.codec.cga.BindingAuthorization;
import net.dmmgw.control.codec.cga.Cga;
import net.dmmgw.control.codec.cga.CgaParameters;
import net.dmmgw.control.codec.cga.CgaVerification;
import net.dmmgw.control.fama.FamaOptions;
import net.dmmgw.control.fama.mn.AnchoredAddress;
import net.dmmgw.control.fama.mn.MobileNodeAgent;
import net.dmmgw.ipc.Ipv6Words;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dmmctl mn …}: the FAMA mobile node's crypto and messages, offline (no daemon, nothing sent): a key pair,
 * a CGA home address in a DAR's prefix, the BU to a DAR (CGA-signed, or authorized with the permanent home keygen
 * token), and the token out of the DAR's BA. The BU's hex goes to {@code dmmctl decode} or to a sender (scapy, a
 * lab script) that adds the Home Address option.
 */
@Command(name = "mn", mixinStandardHelpOptions = true,
    description = { "FAMA mobile node (draft-bernardos-dmm-cmip), offline: keys, CGA home addresses, BUs, tokens.",
        "Exit codes: 0 ok, 2 usage, 3 unusable input (file, hex, key, parameters not matching the address)." },
    subcommands = { MnCommand.Keygen.class, MnCommand.Address.class, MnCommand.BindingUpdate.class,
        MnCommand.Token.class, MnCommand.Run.class })
final class MnCommand extends CommandGroup
{
    /** What every subcommand does with a failure: the message on standard error, exit 3. */
    abstract static class Step implements Callable<Integer>
    {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call()
        {
            final PrintWriter out = spec.commandLine().getOut();
            try
            {
                run(out);
                out.flush();
                return ExitCode.OK;
            }
            catch (final IOException | GeneralSecurityException | IllegalArgumentException ex)
            {
                spec.commandLine().getErr().println("error: " + ex.getMessage());
                return ExitCode.BAD_INPUT;
            }
        }

        abstract void run(PrintWriter out) throws IOException, GeneralSecurityException;
    }

    /** The CGA Sec values these commands take (2 would take tens of minutes to generate). */
    static void checkSec(final int sec)
    {
        if (sec < 0 || sec > 1)
        {
            throw new IllegalArgumentException("--sec must be 0 or 1");
        }
    }

    /** Options naming the key files. */
    static final class KeyFile
    {
        @Option(names = "--key", required = true, paramLabel = "FILE",
            description = "Private key (PKCS#8 DER); the public key is FILE.pub (X.509 SubjectPublicKeyInfo DER).")
        Path key;

        KeyPair load() throws IOException, GeneralSecurityException
        {
            final KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new KeyPair(
                rsa.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(Path.of(key + ".pub")))),
                rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(key))));
        }
    }

    @Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Writes a new RSA key pair: FILE (private, PKCS#8 DER) and FILE.pub (public, X.509 DER).")
    static final class Keygen extends Step
    {
        @Option(names = "--key", required = true, paramLabel = "FILE", description = "Where to write the key.")
        Path key;

        @Option(names = "--bits", defaultValue = "1024", paramLabel = "N",
            description = "Modulus size, 512..2040 (a signature must fit one option); default ${DEFAULT-VALUE}.")
        int bits;

        @Override
        void run(final PrintWriter out) throws IOException
        {
            if (bits < 512 || bits > 2040)
            {
                throw new IllegalArgumentException("--bits must be 512..2040");
            }
            final KeyPair pair = MobileNodeAgent.generateKey(bits, new SecureRandom());
            Files.write(key, pair.getPrivate().getEncoded());
            Files.write(Path.of(key + ".pub"), pair.getPublic().getEncoded());
            out.println("{\"key\":\"" + key + "\",\"public\":\"" + key + ".pub\",\"bits\":" + bits + "}");
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
        description = { "Runs the FAMA mobile node on this host's access interface until SIGTERM / SIGINT (root): " +
            "learns DARs and prefixes from Router Advertisements (kernel RA processing turned off on it), forms a " +
            "CGA at each DAR, keeps the earlier addresses reachable with BUs to their DARs and a TUN per anchor " +
            "(policy routing by source). See the control README, FAMA, Mobile-node agent process.",
            "Exit codes: 0 after a signal, 2 usage, 3 unusable key or interface." })
    static final class Run extends Step
    {
        @picocli.CommandLine.Mixin
        KeyFile key = new KeyFile();

        @Option(names = "--interface", required = true, paramLabel = "IF", description = "The access interface.")
        String ifname;

        @Option(names = "--sec", defaultValue = "0", paramLabel = "SEC", description = "CGA Sec; default 0.")
        int sec;

        @Option(names = "--status", paramLabel = "FILE",
            description = "JSON status (addresses, anchors, states, counters), rewritten on each change.")
        Path status;

        @Option(names = "--table-base", defaultValue = "100", paramLabel = "N",
            description = "First policy-routing table (one per anchor away from home); default ${DEFAULT-VALUE}.")
        int tableBase;

        @Override
        void run(final PrintWriter out) throws IOException, GeneralSecurityException
        {
            checkSec(sec);
            final net.dmmgw.control.fama.mn.MnAgentProcess process;
            try
            {
                process = new net.dmmgw.control.fama.mn.MnAgentProcess(ifname, key.load(), sec, status, tableBase,
                    System.out);
            }
            catch (final net.dmmgw.control.transport.TransportException ex)
            {
                throw new IllegalArgumentException(ex.getMessage(), ex);
            }
            final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
            final Thread hook = new Thread(() ->
            {
                process.stop();
                try
                {
                    done.await(5, java.util.concurrent.TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }, "mn-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try
            {
                process.run();
            }
            finally
            {
                System.out.println("mn: stopped " + process.counters());
                process.close();
                done.countDown();
            }
        }
    }

    @Command(name = "address", mixinStandardHelpOptions = true,
        description = "Forms a CGA (RFC 3972) from the key in a DAR's /64; prints the address and its parameters.")
    static final class Address extends Step
    {
        @picocli.CommandLine.Mixin
        KeyFile key = new KeyFile();

        @Option(names = "--prefix", required = true, paramLabel = "IPV6", description = "The DAR's /64 prefix.")
        String prefix;

        @Option(names = "--sec", defaultValue = "0", paramLabel = "SEC",
            description = "CGA Sec, 0..1 here (2 takes tens of minutes); default ${DEFAULT-VALUE}.")
        int sec;

        @Override
        void run(final PrintWriter out) throws IOException, GeneralSecurityException
        {
            checkSec(sec);
            final Cga.Generated cga = Cga.generate(Arrays.copyOf(Ipv6Words.bytes(prefix), 8),
                key.load().getPublic().getEncoded(), sec, new SecureRandom());
            out.println("{\"address\":\"" + AddressFormat.ipv6(cga.address(), 0) + "\",\"parameters\":\"" +
                Hex.encode(cga.parameters().encode()) + "\"}");
        }
    }

    @Command(name = "bu", mixinStandardHelpOptions = true,
        description = { "Prints the Binding Update (Mobility Header, hex) from CARE-OF for HOME to DAR: CGA " +
            "Parameters + Signature, or, with --token, Nonce Indices + Binding Authorization Data (Kbm = " +
            "SHA1(token)). The checksum is over HOME -> DAR (the packet carries a Home Address option)." })
    static final class BindingUpdate extends Step
    {
        @picocli.CommandLine.Mixin
        KeyFile key = new KeyFile();

        @Option(names = "--home", required = true, paramLabel = "IPV6", description = "The CGA home address.")
        String home;

        @Option(names = "--parameters", required = true, paramLabel = "HEX", description = "Its CGA parameters.")
        String parameters;

        @Option(names = "--dar", required = true, paramLabel = "IPV6", description = "The DAR anchoring it.")
        String dar;

        @Option(names = "--care-of", required = true, paramLabel = "IPV6", description = "The care-of address.")
        String careOf;

        @Option(names = "--sequence", required = true, paramLabel = "N", description = "Sequence number, 0..65535.")
        int sequence;

        @Option(names = "--lifetime", defaultValue = "1000", paramLabel = "UNITS",
            description = "Lifetime in 4-s units (0 de-registers); default ${DEFAULT-VALUE}.")
        int lifetime;

        @Option(names = "--token", paramLabel = "HEX", description = "The permanent home keygen token (8 octets).")
        String token;

        @Override
        void run(final PrintWriter out) throws IOException, GeneralSecurityException
        {
            final byte[] homeAddress = Ipv6Words.bytes(home);
            final byte[] params = Hex.decode(parameters);
            final CgaVerification check = Cga.verify(homeAddress, params, 0, params.length);
            if (check != CgaVerification.VALID)
            {
                throw new IllegalArgumentException("--home is no CGA of --parameters: " + check);
            }
            final byte[] tokenOctets = token == null ? null : Hex.decode(token);
            if (tokenOctets != null && tokenOctets.length != 8)
            {
                throw new IllegalArgumentException("--token must be 8 octets");
            }
            final MobileNodeAgent agent = new MobileNodeAgent(key.load(), 0, (s, h, d, m, l) -> false,
                new SecureRandom());
            final AnchoredAddress a = agent.adopt(homeAddress, CgaParameters.parse(params, 0, params.length),
                Ipv6Words.bytes(dar), Ipv6Words.bytes(careOf), tokenOctets);
            final int length = tokenOctets == null ? agent.buildSigned(a, sequence & 0xFFFF, lifetime) :
                agent.buildAuthorized(a, sequence & 0xFFFF, lifetime, tokenOctets);
            if (length <= 0)
            {
                throw new IllegalArgumentException("the BU could not be built");
            }
            out.println(Hex.encode(agent.lastMessage(), 0, length));
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
        description = "Decrypts the Permanent Home Keygen Token of a DAR's BA (Mobility Header, hex) with the key.")
    static final class Token extends Step
    {
        @picocli.CommandLine.Mixin
        KeyFile key = new KeyFile();

        @Option(names = "--ba", required = true, paramLabel = "HEX", description = "The BA's Mobility Header.")
        String ba;

        @Override
        void run(final PrintWriter out) throws IOException, GeneralSecurityException
        {
            final byte[] message = Hex.decode(ba);
            final FamaOptions options = new FamaOptions().scan(message, message.length);
            if (options.tokenDataOffset() < 0)
            {
                throw new IllegalArgumentException("the BA carries no Permanent Home Keygen Token option");
            }
            out.println(Hex.encode(BindingAuthorization.decryptPermanentToken(key.load().getPrivate(),
                Arrays.copyOfRange(message, options.tokenDataOffset(),
                    options.tokenDataOffset() + options.tokenLength()))));
        }
    }
}
