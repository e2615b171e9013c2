package net.dmmgw.control.fama.mn;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.dmmgw.control.codec.BindingAck;
import net.dmmgw.control.codec.BindingUpdate;
import net.dmmgw.control.codec.MhType;
import net.dmmgw.control.codec.MobilityHeaderDecoder;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.MobilityHeaderValidator;
import net.dmmgw.control.codec.OptionType;
import net.dmmgw.control.codec.ValidationResult;
import net.dmmgw.control.codec.cga.BindingAuthorization;
import net.dmmgw.control.codec.cga.Cga;
import net.dmmgw.control.codec.cga.CgaParameters;
import net.dmmgw.control.codec.cga.CgaSignature;
import net.dmmgw.control.fama.BindingAuthenticator;
import net.dmmgw.control.fama.DarStatus;
import net.dmmgw.control.fama.FamaOptions;
import net.dmmgw.control.ha.HaStatus;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The FAMA mobile node (draft-bernardos-dmm-cmip §3), as a library: one RSA key pair; on each attachment to a DAR a
 * CGA home address formed from that DAR's prefix (RFC 3972); the home addresses and their anchoring DARs; on
 * movement a BU to every previous DAR binding its home address to the new address as care-of address — the first
 * one to a DAR signed with the CGA key (CGA Parameters + Signature, RFC 4866), the later ones authorized with the
 * permanent home keygen token decrypted from that DAR's BA (Binding Authorization Data, Kbm = SHA1(PHKT)); back on a
 * DAR, a de-registration for the home address it anchors. The BA's own Binding Authorization Data is checked before
 * its token or status is believed. A tunnel end per bound anchor ({@link #tunnels()}).
 * <p>
 * Single-threaded; not hot path (it allocates). Retransmission timers are the caller's: {@link #refresh()} re-sends
 * every pending or bound BU.
 */
public final class MobileNodeAgent
{
    /** BU lifetime asked for (4-s units; the DAR grants less). */
    public static final int DEFAULT_LIFETIME_UNITS = 1000;
    private static final int MH_CAPACITY = 2048;
    private static final int MAX_RETRIES = 3;

    private final KeyPair key;
    private final int sec;
    private final MnTransport transport;
    private final SecureRandom random;
    private final int signatureLength;
    private final List<AnchoredAddress> addresses = new ArrayList<>();
    private final FamaOptions options = new FamaOptions();
    private final BindingAuthenticator authenticator = new BindingAuthenticator();
    private final MobilityHeaderEncoder encoder = new MobilityHeaderEncoder();
    private final MobilityHeaderValidator validator = new MobilityHeaderValidator();
    private final ValidationResult validation = new ValidationResult();
    private final MobilityHeaderDecoder decoder = new MobilityHeaderDecoder();
    private final byte[] mh = new byte[MH_CAPACITY];
    private final UnsafeBuffer buffer = new UnsafeBuffer(mh);
    private int lifetimeUnits = DEFAULT_LIFETIME_UNITS;
    private boolean returnRoutability;
    private AnchoredAddress current;

    private long busSent;
    private long basAccepted;
    private long basRefused;
    private long basIgnored;

    /**
     * @param key the node's RSA key pair (its public key goes into every CGA; ≤ 2040 bits so that a signature fits
     * one option).
     * @param sec the CGA Sec value (0–2 are practical).
     * @param transport where BUs go.
     * @param random source of CGA modifiers.
     */
    public MobileNodeAgent(final KeyPair key, final int sec, final MnTransport transport, final SecureRandom random)
    {
        this.key = key;
        this.sec = sec;
        this.transport = transport;
        this.random = random;
        this.signatureLength = (((java.security.interfaces.RSAPublicKey)key.getPublic()).getModulus().bitLength() + 7)
            / 8;
        if (signatureLength > 255)
        {
            throw new IllegalArgumentException("RSA keys above 2040 bits do not fit a Signature option");
        }
    }

    /**
     * @param bits RSA modulus size (≤ 2040).
     * @param random randomness.
     * @return a new key pair.
     */
    public static KeyPair generateKey(final int bits, final SecureRandom random)
    {
        try
        {
            final KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, random);
            return generator.generateKeyPair();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("RSA unavailable: " + ex.getMessage(), ex);
        }
    }

    /**
     * Return routability (draft §5): BUs ask for the care-of test (Care-of Test Init option); on the DAR's 137 with a
     * Care-of Test option the BU is sent again with Kbm = SHA1(PHKT ‖ care-of keygen token) (SHA1(care-of keygen
     * token) next to a signature), which proves the node receives at its care-of address.
     */
    public void returnRoutability(final boolean value)
    {
        returnRoutability = value;
    }

    /** Sets the lifetime asked for in later BUs (4-s units). */
    public void lifetimeUnits(final int units)
    {
        lifetimeUnits = units;
    }

    /** Attaches to a DAR: {@link #attach(byte[], byte[], boolean) attach(dar, prefix, true)}. */
    public AnchoredAddress attach(final byte[] dar, final byte[] prefix)
    {
        return attach(dar, prefix, true);
    }

    /**
     * The node attached to an access router whose link advertises {@code prefix}: it forms (or, back on a DAR it
     * knows, takes again) a CGA address there, which is the care-of address of every other home address; each of
     * those gets a BU to its DAR, and the address this router anchors (if the node had one) a de-registration.
     * Addresses formed at routers that do not anchor ({@code anchored = false}, a visited network) are dropped when
     * the node moves on (draft §3: the node chooses which addresses stay reachable).
     *
     * @param router the access router's address (the DAR).
     * @param prefix the advertised /64 (8 octets or more; the first 8 are used).
     * @param anchored true when the router is a DAR and the address is to stay reachable after the node leaves.
     * @return the address the node uses on this link.
     */
    public AnchoredAddress attach(final byte[] router, final byte[] prefix, final boolean anchored)
    {
        final byte[] dar = router;
        if (current != null && !current.kept)
        {
            addresses.remove(current);
        }
        AnchoredAddress here = null;
        for (final AnchoredAddress a : addresses)
        {
            if (Arrays.equals(a.dar, dar) && Arrays.equals(a.home, 0, 8, prefix, 0, 8))
            {
                here = a;
            }
        }
        if (here == null)
        {
            final Cga.Generated cga = Cga.generate(Arrays.copyOf(prefix, 8), key.getPublic().getEncoded(), sec, random);
            here = new AnchoredAddress(cga.address(), cga.parameters(), dar, random.nextInt(0x10000));
            here.kept = anchored;
            addresses.add(here);
        }
        else if (here.state != AnchoredAddress.State.AT_HOME)
        {
            here.careOf = here.home.clone();
            here.retries = 0;
            send(here, 0); // RFC 6275 §11.5.4: back home, the binding goes (from the home address, no HAO)
        }
        current = here;
        for (final AnchoredAddress a : addresses)
        {
            if (a != here)
            {
                a.careOf = here.home.clone();
                a.retries = 0;
                send(a, lifetimeUnits);
            }
        }
        return here;
    }

    /**
     * Takes a home address the node formed earlier (e.g. kept in a file by a tool), with its parameters and, if it
     * has one, the token its DAR gave; it becomes bound to {@code careOf} for the next BUs.
     *
     * @param home the CGA home address.
     * @param parameters its CGA parameters.
     * @param dar the DAR anchoring it.
     * @param careOf the care-of address its BUs carry.
     * @param token the permanent home keygen token, or null.
     * @return the address (added to this agent's list).
     */
    public AnchoredAddress adopt(final byte[] home, final CgaParameters parameters, final byte[] dar,
        final byte[] careOf, final byte[] token)
    {
        final AnchoredAddress a = new AnchoredAddress(home, parameters, dar, 0);
        a.careOf = careOf.clone();
        a.token = token == null ? null : token.clone();
        addresses.add(a);
        return a;
    }

    /** Re-sends the BU of every binding not at home (a retransmission, or a refresh before the lifetime ends). */
    public void refresh()
    {
        for (final AnchoredAddress a : addresses)
        {
            if (a != current && a.careOf != null && a.state != AnchoredAddress.State.REFUSED)
            {
                send(a, lifetimeUnits);
            }
        }
    }

    /** The next BU of an address: a new sequence number, signed when no token is held. */
    private void send(final AnchoredAddress a, final int lifetime)
    {
        a.sequence = (a.sequence + 1) & 0xFFFF;
        final int length = a.token == null ? buildSigned(a, a.sequence, lifetime) :
            buildAuthorized(a, a.sequence, lifetime, a.token);
        a.state = AnchoredAddress.State.PENDING;
        a.signedPending = a.token == null;
        final boolean atHome = Arrays.equals(a.careOf, a.home);
        if (length > 0 && transport.send(a.careOf, atHome ? null : a.home, a.dar, mh, length))
        {
            busSent++;
        }
    }

    /**
     * A BU carrying the CGA Parameters and the RFC 4866 Signature (ERO tag ‖ CoA ‖ DAR ‖ MH up to the Signature
     * option), into this agent's buffer ({@link #lastMessage()}).
     *
     * @return its length, -1 if it could not be built.
     */
    public int buildSigned(final AnchoredAddress a, final int sequence, final int lifetime)
    {
        final boolean test = needsCareOfTest(a);
        final boolean proof = test && hasCareOfToken(a);
        final MobilityHeaderEncoder enc = begin(sequence, lifetime);
        enc.cgaParameters(a.encodedParameters, 0, a.encodedParameters.length);
        if (test && !proof)
        {
            enc.careOfTestInit();
        }
        final int signatureAt = enc.beginOption(OptionType.SIGNATURE, signatureLength);
        if (proof)
        {
            enc.nonceIndices(0, 0);
        }
        final int at = proof ? enc.reserveBindingAuthorizationData() : -1;
        final int length = enc.finish(a.home, a.dar);
        if (length <= 0 || signatureAt < 0)
        {
            return -1;
        }
        try
        {
            final byte[] signature = CgaSignature.sign(key.getPrivate(), careOf(a), a.dar, mh, 0, signatureAt - 2);
            System.arraycopy(signature, 0, mh, signatureAt, signature.length);
        }
        catch (final GeneralSecurityException ex)
        {
            return -1;
        }
        if (proof)
        {
            final byte[] cot = new byte[8];
            for (int i = 0; i < 8; i++)
            {
                cot[i] = (byte)(a.careOfToken >>> (56 - 8 * i));
            }
            if (!authenticator.keyFromToken(cot, 0) || !authenticator.sign(careOf(a), a.dar, mh, length, at))
            {
                return -1;
            }
        }
        enc.applyChecksum(a.home, a.dar);
        return length;
    }

    /** Return routability: a care-of address the DAR has not accepted yet (a refresh there needs no test). */
    private boolean needsCareOfTest(final AnchoredAddress a)
    {
        return returnRoutability && !Arrays.equals(a.boundCareOf, careOf(a)) && !Arrays.equals(a.home, careOf(a));
    }

    private static boolean hasCareOfToken(final AnchoredAddress a)
    {
        return a.careOfTokenFor != null && Arrays.equals(a.careOfTokenFor, careOf(a));
    }

    /**
     * A BU authorized with a permanent home keygen token: Nonce Indices (0, 0) and Binding Authorization Data with
     * Kbm = SHA1(token), into this agent's buffer.
     *
     * @param token the 8-octet token (the one the DAR gave, or any other for a test).
     * @return its length, -1 if it could not be built.
     */
    public int buildAuthorized(final AnchoredAddress a, final int sequence, final int lifetime, final byte[] token)
    {
        if (needsCareOfTest(a))
        {
            return buildAuthorized(a.home, a.dar, careOf(a), sequence, lifetime, token, hasCareOfToken(a),
                a.careOfToken);
        }
        return buildAuthorized(a.home, a.dar, careOf(a), sequence, lifetime, token);
    }

    /**
     * A token-authorized BU for any addresses (tests, tools), into this agent's buffer.
     *
     * @return its length, -1 if it could not be built.
     */
    public int buildAuthorized(final byte[] home, final byte[] dar, final byte[] careOf, final int sequence,
        final int lifetime, final byte[] token)
    {
        final MobilityHeaderEncoder enc = begin(sequence, lifetime);
        enc.nonceIndices(0, 0);
        final int at = enc.reserveBindingAuthorizationData();
        final int length = enc.finish(home, dar);
        if (length <= 0 || !authenticator.keyFromToken(token, 0) || !authenticator.sign(careOf, dar, mh, length, at))
        {
            return -1;
        }
        enc.applyChecksum(home, dar);
        return length;
    }

    /**
     * A token-authorized BU in return-routability mode: with the care-of keygen token ({@code proof}), Kbm =
     * SHA1(token ‖ care-of token); without, a Care-of Test Init option and Kbm = SHA1(token).
     *
     * @return its length, -1 if it could not be built.
     */
    public int buildAuthorized(final byte[] home, final byte[] dar, final byte[] careOf, final int sequence,
        final int lifetime, final byte[] token, final boolean proof, final long careOfToken)
    {
        final MobilityHeaderEncoder enc = begin(sequence, lifetime);
        if (!proof)
        {
            enc.careOfTestInit();
        }
        enc.nonceIndices(0, 0);
        final int at = enc.reserveBindingAuthorizationData();
        final int length = enc.finish(home, dar);
        final boolean keyed = proof ? authenticator.keyFromTokens(token, 0, careOfToken) :
            authenticator.keyFromToken(token, 0);
        if (length <= 0 || !keyed || !authenticator.sign(careOf, dar, mh, length, at))
        {
            return -1;
        }
        enc.applyChecksum(home, dar);
        return length;
    }

    /** The address a BU leaves from: the care-of address, or the home address of a node that never left. */
    private static byte[] careOf(final AnchoredAddress a)
    {
        return a.careOf != null ? a.careOf : a.home;
    }

    private MobilityHeaderEncoder begin(final int sequence, final int lifetime)
    {
        final MobilityHeaderEncoder enc = encoder.wrap(buffer, 0, MH_CAPACITY).begin(MhType.BINDING_UPDATE);
        enc.bindingUpdate().sequence(sequence).flags(BindingUpdate.FLAG_A | BindingUpdate.FLAG_H).lifetime(lifetime);
        return enc;
    }

    /** @return the buffer the last BU was built into (valid until the next one). */
    public byte[] lastMessage()
    {
        return mh;
    }

    /**
     * A message from a DAR (a BA, delivered to the node's care-of address with a type 2 Routing header holding
     * {@code home}, or to the home address directly).
     *
     * @param source the DAR.
     * @param home the home address it is for (the routing header's, or the IPv6 destination).
     * @param message the MH octets.
     * @return the address the BA was for, or null when it was ignored (malformed, unknown, stale, forged).
     */
    public AnchoredAddress onSignalling(final byte[] source, final byte[] home, final byte[] message)
    {
        final AnchoredAddress a = find(home);
        if (a == null || !Arrays.equals(a.dar, source) ||
            !validator.validate(new UnsafeBuffer(message), 0, message.length, source, home, validation))
        {
            basIgnored++;
            return null;
        }
        final MobilityHeaderDecoder d = decoder.wrap(new UnsafeBuffer(message), 0, message.length);
        if (d.mhType() != MhType.BINDING_ACK || a.state != AnchoredAddress.State.PENDING)
        {
            basIgnored++;
            return null;
        }
        final BindingAck ba = d.bindingAck();
        final int status = ba.status();
        if (status != HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW && ba.sequence() != a.sequence)
        {
            basIgnored++; // an answer to an older BU
            return null;
        }
        options.scan(message, message.length);
        byte[] token = a.token;
        if (options.tokenDataOffset() >= 0 && status < 128 && a.signedPending)
        {
            try
            {
                token = BindingAuthorization.decryptPermanentToken(key.getPrivate(), Arrays.copyOfRange(message,
                    options.tokenDataOffset(), options.tokenDataOffset() + options.tokenLength()));
            }
            catch (final GeneralSecurityException ex)
            {
                basIgnored++;
                return null;
            }
        }
        if (token != null && token.length == BindingAuthenticator.TOKEN_LENGTH && options.authenticatorOffset() >= 0 &&
            !(authenticator.keyFromToken(token, 0) &&
                authenticator.verify(a.careOf, source, message, message.length, options.authenticatorOffset())))
        {
            basIgnored++; // not from the DAR that holds our token
            return null;
        }
        a.lastStatus = status;
        if (status < 128)
        {
            a.careOfTokenFor = null; // one proof per movement: refreshes at this CoA need none
            a.boundCareOf = a.careOf.clone();
            a.token = token;
            a.grantedLifetimeS = ba.lifetime() * 4;
            a.state = Arrays.equals(a.careOf, a.home) ? AnchoredAddress.State.AT_HOME : AnchoredAddress.State.BOUND;
            basAccepted++;
            return a;
        }
        basRefused++;
        a.state = AnchoredAddress.State.REFUSED;
        if (a.retries++ < MAX_RETRIES)
        {
            if (status == DarStatus.CARE_OF_TEST_REQUIRED && options.hasCareOfTest())
            {
                a.careOfToken = options.careOfKeygenToken(); // it reached us at the care-of address: the proof
                a.careOfTokenFor = a.careOf.clone();
                send(a, lifetimeUnits);
            }
            else if (status == HaStatus.SEQUENCE_NUMBER_OUT_OF_WINDOW)
            {
                a.sequence = ba.sequence(); // RFC 6275 §11.7.3: continue after the last accepted number
                send(a, lifetimeUnits);
            }
            else if (!a.signedPending && (status == DarStatus.PERMANENT_HOME_KEYGEN_TOKEN_UNAVAILABLE ||
                status == DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED))
            {
                a.token = null; // the DAR lost or does not take our token: prove the address again
                send(a, lifetimeUnits);
            }
        }
        return a;
    }

    private AnchoredAddress find(final byte[] home)
    {
        for (final AnchoredAddress a : addresses)
        {
            if (Arrays.equals(a.home, home))
            {
                return a;
            }
        }
        return null;
    }

    /** @return the node's home addresses, oldest first. */
    public List<AnchoredAddress> addresses()
    {
        return List.copyOf(addresses);
    }

    /** @return the address of the link the node is on (null before the first attachment). */
    public AnchoredAddress current()
    {
        return current;
    }

    /**
     * @return a tunnel end per bound anchor: packets from that home address leave encapsulated from the current
     *         care-of address to its DAR (reverse tunnelling), and come back the same way.
     */
    public List<TunnelEnd> tunnels()
    {
        final List<TunnelEnd> list = new ArrayList<>();
        for (final AnchoredAddress a : addresses)
        {
            if (a.state == AnchoredAddress.State.BOUND)
            {
                list.add(new TunnelEnd(a.home, a.careOf, a.dar));
            }
        }
        return list;
    }

    /** @return the tunnel end of a home address, or null when it is not bound. */
    public TunnelEnd tunnel(final byte[] home)
    {
        final AnchoredAddress a = find(home);
        return a == null || a.state != AnchoredAddress.State.BOUND ? null : new TunnelEnd(a.home, a.careOf, a.dar);
    }

    /** @return BUs sent. */
    public long busSent()
    {
        return busSent;
    }

    /** @return accepting BAs taken. */
    public long basAccepted()
    {
        return basAccepted;
    }

    /** @return refusing BAs taken. */
    public long basRefused()
    {
        return basRefused;
    }

    /** @return messages ignored (malformed, unknown address, stale, undecryptable token, wrong authenticator). */
    public long basIgnored()
    {
        return basIgnored;
    }
}
