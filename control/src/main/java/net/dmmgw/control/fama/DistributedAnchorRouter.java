package net.dmmgw.control.fama;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.SecureRandom;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.anchor.HmacSha1;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.codec.cga.BindingAuthorization;
import net.dmmgw.control.codec.cga.Cga;
import net.dmmgw.control.codec.cga.CgaParameters;
import net.dmmgw.control.codec.cga.CgaSignature;
import net.dmmgw.control.codec.cga.CgaVerification;
import net.dmmgw.control.ha.HomeRegistrar;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.location.BindingState;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The FAMA distributed anchor router (draft-bernardos-dmm-cmip §3): an access router that is the home agent of the
 * addresses it delegated ({@code dar.prefix}). The home-registration rules, the binding cache, the make-before-break
 * tunnel towards the care-of address, the journal and the BA are the {@link HomeRegistrar}'s (shared with the RFC
 * 6275 home agent); what is here is how a mobile node it never heard of proves it owns a home address:
 * <ul>
 * <li>a BU carrying CGA Parameters and a Signature (RFC 3972 / RFC 4866): the home address must be a CGA of the
 * parameters (Sec ≥ {@code dar.cga-min-sec}) and the signature (ERO tag ‖ CoA ‖ DAR ‖ MH up to the Signature option)
 * must verify with the enclosed key, else 148. Accepted: a new Permanent Home Keygen Token is drawn, kept in the
 * binding (journalled with it) and returned in the BA, encrypted with the node's public key (RSA PKCS#1 v1.5);</li>
 * <li>a BU carrying Binding Authorization Data (no signature): authorized with Kbm = SHA1(PHKT); no binding (so no
 * token) → 147, a wrong authenticator → 148.</li>
 * </ul>
 * Every BA answering an authorized BU ends with Binding Authorization Data under the binding's Kbm, so the node can
 * check it. With {@code dar.return-routability=true} (draft §5) a BU that moves the binding to a care-of address not
 * proven yet is answered 137 with a Care-of Test option (a care-of keygen token, First(64, HMAC-SHA1(secret, CoA ‖
 * HoA ‖ 240-s epoch))) sent to that address; the node's next BU proves it with Kbm = SHA1(PHKT ‖ care-of token), or
 * SHA1(care-of token) next to a signature. The CGA path allocates (JDK RSA, SHA-1, key parsing); the PHKT path does
 * not.
 */
public final class DistributedAnchorRouter extends HomeRegistrar
{
    /** RFC 6275 MAX_NONCE_LIFETIME: a care-of keygen token is taken for its epoch and the one before. */
    static final long NONCE_EPOCH_MS = 240_000;

    private final DarConfig config;
    private final EpochClock clock;
    private final HmacSha1 careOfKeys = new HmacSha1();
    private final byte[] careOfInput = new byte[40];
    private final byte[] careOfToken = new byte[BindingAuthenticator.TOKEN_LENGTH];
    private final FamaOptions options = new FamaOptions();
    private final BindingAuthenticator authenticator = new BindingAuthenticator();
    private final SecureRandom random = new SecureRandom();
    private final byte[] careOf = new byte[16];
    private final byte[] token = new byte[BindingAuthenticator.TOKEN_LENGTH];
    private final byte[] signed = new byte[BA_CAPACITY];
    private boolean answerKeyed;      // the answer carries Binding Authorization Data under the authenticator's Kbm
    private byte[] encryptedToken;    // a token issued for this answer, encrypted to the node's key
    private boolean careOfProven;     // the BU's authenticator used the care-of keygen token of its CoA
    private boolean careOfTestAnswer; // the answer carries a Care-of Test option with careOfTestToken
    private long careOfTestToken;
    private DarAccessLink accessLink;

    private long cgaAccepted;
    private long cgaFailures;
    private long tokenFailures;
    private long tokenUnavailable;
    private long unauthorized;
    private long tokensIssued;
    private long careOfTests;

    /**
     * @param config settings.
     * @param dataPlane where tunnels and routes go.
     * @param transport signalling; a {@link net.dmmgw.control.node.HomeAddressTransport} sends BAs with the type 2
     * Routing header.
     * @param clock wall clock (ms).
     * @param journal the binding journal (opened; {@link #start()} replays it).
     */
    public DistributedAnchorRouter(final DarConfig config, final RouteProgrammer dataPlane,
        final SignallingTransport transport, final EpochClock clock, final BindingJournal journal)
    {
        super(new Settings(config.address(), config.prefix().prefix(), config.prefix().length(),
            config.maxLifetimeUnits(), config.refreshIntervalUnits(), null, 0, config.dataPlaneTimeoutMs()),
            dataPlane, transport, clock, journal);
        this.config = config;
        this.clock = clock;
        final byte[] secret = new byte[HmacSha1.LENGTH];
        random.nextBytes(secret); // a restart invalidates the care-of tokens in flight: the node tests again
        careOfKeys.key(secret, 0, secret.length);
    }

    /**
     * Drives the DAR's access link (Router Advertisements of its prefix) from this role's tick. Call before the agent
     * runs.
     */
    public void serve(final DarAccessLink link)
    {
        this.accessLink = link;
    }

    /** @return the access link this DAR drives, or null. */
    public DarAccessLink accessLink()
    {
        return accessLink;
    }

    /** {@inheritDoc} Then the access link's solicitations and periodic advertisements. */
    public int onTick(final long nowMs)
    {
        return super.onTick(nowMs) + (accessLink == null ? 0 : accessLink.poll(nowMs));
    }

    /** {@inheritDoc} */
    protected void clearAnswer()
    {
        answerKeyed = false;
        encryptedToken = null;
        careOfProven = false;
        careOfTestAnswer = false;
    }

    /** {@inheritDoc} CGA + signature (148), or the permanent home keygen token (147, 148). */
    protected int authenticate(final BindingUpdateMessage bu, final byte[] home, final BindingCacheEntry entry)
    {
        options.scan(bu.bytes(), bu.length());
        wordsTo(careOf, bu.proxyCoaHi(), bu.proxyCoaLo());
        if (options.isCgaSigned())
        {
            if (!cgaVerifies(bu, home))
            {
                cgaFailures++;
                return DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED;
            }
            cgaAccepted++;
            careOfProven = config.returnRoutability() && options.authenticatorOffset() >= 0 &&
                careOfVerifies(bu, home, null);
            return 0;
        }
        if (options.authenticatorOffset() < 0)
        {
            unauthorized++;
            return DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED;
        }
        if (entry == null || entry.linkLayerId().length != BindingAuthenticator.TOKEN_LENGTH)
        {
            tokenUnavailable++;
            return DarStatus.PERMANENT_HOME_KEYGEN_TOKEN_UNAVAILABLE;
        }
        final byte[] token = entry.linkLayerId();
        if (!(authenticator.keyFromToken(token, 0) &&
            authenticator.verify(careOf, bu.destination(), bu.bytes(), bu.length(), options.authenticatorOffset())))
        {
            careOfProven = config.returnRoutability() && careOfVerifies(bu, home, token);
            if (!careOfProven || !authenticator.keyFromToken(token, 0)) // the answer is keyed with SHA1(PHKT)
            {
                tokenFailures++;
                return DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED;
            }
        }
        answerKeyed = true;
        return 0;
    }

    /**
     * Return routability (draft §5): the BU's authenticator was computed with the care-of keygen token this DAR gives
     * for (CoA, HoA) in this nonce epoch or the previous one: Kbm = SHA1(PHKT ‖ care-of token), or SHA1(care-of
     * token) on a CGA-signed BU (no PHKT yet).
     */
    private boolean careOfVerifies(final BindingUpdateMessage bu, final byte[] home, final byte[] token)
    {
        final long epoch = clock.time() / NONCE_EPOCH_MS;
        for (long e = epoch; e >= epoch - 1; e--)
        {
            final long cot = careOfKeygenToken(home, e);
            final boolean keyed;
            if (token == null)
            {
                for (int i = 0; i < 8; i++)
                {
                    careOfToken[i] = (byte)(cot >>> (56 - 8 * i));
                }
                keyed = authenticator.keyFromToken(careOfToken, 0);
            }
            else
            {
                keyed = authenticator.keyFromTokens(token, 0, cot);
            }
            if (keyed &&
                authenticator.verify(careOf, bu.destination(), bu.bytes(), bu.length(), options.authenticatorOffset()))
            {
                return true;
            }
        }
        return false;
    }

    /** First(64, HMAC-SHA1(this DAR's secret, CoA ‖ HoA ‖ epoch)): only a node at the CoA learns it. */
    private long careOfKeygenToken(final byte[] home, final long epoch)
    {
        System.arraycopy(careOf, 0, careOfInput, 0, 16);
        System.arraycopy(home, 0, careOfInput, 16, 16);
        for (int i = 0; i < 8; i++)
        {
            careOfInput[32 + i] = (byte)(epoch >>> (56 - 8 * i));
        }
        final byte[] mac = careOfKeys.begin().update(careOfInput, 0, careOfInput.length).finish();
        long token = 0;
        for (int i = 0; i < 8 && mac != null; i++)
        {
            token = (token << 8) | (mac[i] & 0xFF);
        }
        return token;
    }

    /** RFC 3972 §5 then RFC 4866: the home address is a CGA of the parameters, the signature verifies. */
    private boolean cgaVerifies(final BindingUpdateMessage bu, final byte[] home)
    {
        final int length = options.cgaParametersLength();
        if (length == 0 || options.signatureOptionOffset() < 0 || Cga.sec(home) < config.minSec() ||
            Cga.verify(home, options.cgaParameters(), 0, length) != CgaVerification.VALID)
        {
            return false;
        }
        final CgaParameters parameters = CgaParameters.parse(options.cgaParameters(), 0, length);
        final byte[] signature = Arrays.copyOfRange(bu.bytes(), options.signatureDataOffset(),
            options.signatureDataOffset() + options.signatureLength());
        return CgaSignature.verify(parameters.publicKey(), careOf, bu.destination(), bu.bytes(), 0,
            options.signatureOptionOffset(), signature);
    }

    /**
     * {@inheritDoc} Any node may register a home address of this DAR's prefix once it proved it owns it; with
     * {@code dar.return-routability=true} a BU that moves the binding to another care-of address must also prove that
     * address (137, with a Care-of Test option when asked).
     */
    protected int admit(final BindingUpdateMessage bu, final byte[] home)
    {
        if (!config.returnRoutability() || careOfProven || bu.lifetime() == 0 ||
            Arrays.equals(careOf, home))
        {
            return 0;
        }
        final BindingCacheEntry entry = binding(home);
        if (entry != null && entry.state() == BindingState.ACTIVE &&
            entry.isProxyCoa(bu.proxyCoaHi(), bu.proxyCoaLo()))
        {
            return 0; // proven when it was bound
        }
        careOfTests++;
        careOfTestAnswer = options.hasCareOfTestInit();
        careOfTestToken = careOfKeygenToken(home, clock.time() / NONCE_EPOCH_MS);
        return DarStatus.CARE_OF_TEST_REQUIRED;
    }

    /** {@inheritDoc} */
    protected void resumeAnswer(final BindingUpdateMessage bu, final byte[] home, final BindingCacheEntry entry)
    {
        options.scan(bu.bytes(), bu.length());
        wordsTo(careOf, bu.proxyCoaHi(), bu.proxyCoaLo());
        answerKeyed = !options.isCgaSigned() && entry.linkLayerId().length == BindingAuthenticator.TOKEN_LENGTH &&
            authenticator.keyFromToken(entry.linkLayerId(), 0);
    }

    /** {@inheritDoc} After a CGA-signed BU: a new permanent home keygen token, kept in the binding. */
    protected void onAccepted(final BindingCacheEntry entry, final BindingUpdateMessage bu)
    {
        if (!options.isCgaSigned())
        {
            return;
        }
        random.nextBytes(token);
        final CgaParameters parameters =
            CgaParameters.parse(options.cgaParameters(), 0, options.cgaParametersLength());
        try
        {
            encryptedToken = BindingAuthorization.encryptPermanentToken(
                KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(parameters.publicKey())), token);
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            encryptedToken = null; // a key the JDK cannot use: the binding holds no token, later BUs get 147
            entry.linkLayerId(token, 0, 0);
            return;
        }
        entry.linkLayerId(token, 0, token.length);
        answerKeyed = authenticator.keyFromToken(token, 0);
        tokensIssued++;
    }

    /** {@inheritDoc} The encrypted token (accepting answers to a CGA-signed BU), then Binding Authorization Data. */
    protected int appendOptions(final MobilityHeaderEncoder enc, final int status, final int lifetime)
    {
        if (encryptedToken != null && status < 128)
        {
            enc.permanentHomeKeygenToken(encryptedToken);
        }
        if (careOfTestAnswer && status == DarStatus.CARE_OF_TEST_REQUIRED)
        {
            enc.careOfTest(careOfTestToken);
        }
        return answerKeyed ? enc.reserveBindingAuthorizationData() : -1;
    }

    /** {@inheritDoc} First(96, HMAC_SHA1(Kbm, CoA ‖ DAR ‖ BA)). */
    protected boolean completeAnswer(final UnsafeBuffer ba, final int length, final int reserved, final byte[] to,
        final byte[] home)
    {
        ba.getBytes(0, signed, 0, length);
        if (!authenticator.sign(to, address(), signed, length, reserved))
        {
            return false;
        }
        ba.putBytes(reserved, signed, reserved, BindingAuthenticator.LENGTH);
        return true;
    }

    /** {@inheritDoc} Every journalled binding inside the prefix comes back with its token. */
    protected boolean restoreBinding(final BindingRecord record, final long homeHi, final long homeLo)
    {
        return true;
    }

    /** @return BUs refused for a missing, wrong or unusable authorization (CGA, signature, token). */
    public long authenticationFailures()
    {
        return cgaFailures + tokenFailures + tokenUnavailable + unauthorized;
    }

    /** @return CGA-signed BUs that verified. */
    public long cgaAccepted()
    {
        return cgaAccepted;
    }

    /** @return CGA-signed BUs refused (148). */
    public long cgaFailures()
    {
        return cgaFailures;
    }

    /** @return token-authorized BUs with a wrong authenticator (148). */
    public long tokenFailures()
    {
        return tokenFailures;
    }

    /** @return token-authorized BUs for a home address without a token here (147). */
    public long tokenUnavailable()
    {
        return tokenUnavailable;
    }

    /** @return BUs with neither a signature nor an authenticator (148). */
    public long unauthorized()
    {
        return unauthorized;
    }

    /** @return permanent home keygen tokens issued. */
    public long tokensIssued()
    {
        return tokensIssued;
    }

    /** @return BUs answered 137: a care-of address to prove first (return-routability mode). */
    public long careOfTests()
    {
        return careOfTests;
    }

    /** @return the settings. */
    public DarConfig config()
    {
        return config;
    }
}
