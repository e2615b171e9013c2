package net.dmmgw.control.ha;

import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.anchor.MnHaAuthenticator;
import net.dmmgw.control.codec.MobilityHeaderEncoder;
import net.dmmgw.control.journal.BindingJournal;
import net.dmmgw.control.journal.BindingRecord;
import net.dmmgw.control.location.BindingCacheEntry;
import net.dmmgw.control.node.SignallingTransport;
import net.dmmgw.control.routing.RouteProgrammer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The MIPv6 home agent (RFC 6275 §10) for home registrations: a {@link HomeRegistrar} (binding cache, lifetimes,
 * make-before-break tunnel programming, journal, resynchronisation, the BU checks in order of wire-formats §4.8, the
 * BA) whose mobile nodes are configured ({@code mn.NAME.*}) and authenticated with RFC 4285 MN-HA keys; the answer
 * to an authenticated BU carries an MN-HA option too.
 */
public final class HomeAgent extends HomeRegistrar
{
    private final HaConfig config;
    private final MobileNodeTable mobileNodes;
    private final byte[] signed = new byte[BA_CAPACITY];
    private final byte[] noAuthenticator = new byte[MnHaAuthenticator.LENGTH];
    private MobileNodeTable.Node answerSigner; // the keyed MN whose BU authenticated: its BA carries an MN-HA option
    private long authenticationFailures;

    /**
     * @param config settings.
     * @param dataPlane where tunnels and routes go.
     * @param transport signalling; a {@link net.dmmgw.control.node.HomeAddressTransport} sends BAs with the type 2
     * Routing header.
     * @param clock wall clock (ms).
     * @param journal the binding journal (opened; {@link #start()} replays it).
     */
    public HomeAgent(final HaConfig config, final RouteProgrammer dataPlane, final SignallingTransport transport,
        final EpochClock clock, final BindingJournal journal)
    {
        super(new Settings(config.address(), config.homePrefix(), config.homePrefixLength(),
            (int)Math.min(config.maxLifetimeUnits(), config.homePrefixValidLifetimeS() / 4),
            config.refreshIntervalUnits(), config.userPlaneAddress(), config.userPlaneOptionType(),
            config.dataPlaneTimeoutMs()), dataPlane, transport, clock, journal);
        this.config = config;
        this.mobileNodes = new MobileNodeTable(config.mobileNodes());
    }

    /** {@inheritDoc} */
    protected void clearAnswer()
    {
        answerSigner = null;
    }

    /** {@inheritDoc} RFC 4285: a keyed MN's BU carries a valid MN-HA option (146 otherwise). */
    protected int authenticate(final BindingUpdateMessage bu, final byte[] home, final BindingCacheEntry entry)
    {
        final MobileNodeTable.Node mn = mobileNodes.find(BindingUpdateMessage.word(home, 0),
            BindingUpdateMessage.word(home, 8));
        if (mn != null && mn.authenticator != null)
        {
            if (!mn.authenticator.verify(bu, bu.source(), home))
            {
                authenticationFailures++;
                return HaStatus.MIPV6_AUTH_FAIL;
            }
            answerSigner = mn; // RFC 4285: the answer to an authenticated BU is authenticated with the same key
        }
        return 0;
    }

    /** {@inheritDoc} Configured MN (133), its NAI (133), a key when required (146), enabled (129). */
    protected int admit(final BindingUpdateMessage bu, final byte[] home)
    {
        final MobileNodeTable.Node mn = mobileNodes.find(BindingUpdateMessage.word(home, 0),
            BindingUpdateMessage.word(home, 8));
        if (mn == null || (bu.mnIdOffset() >= 0 && !mn.naiMatches(bu.bytes(), bu.mnIdOffset(), bu.mnIdLength())))
        {
            return HaStatus.NOT_HOME_AGENT_FOR_THIS_MOBILE_NODE;
        }
        if (mn.authenticator == null && config.requireAuthentication())
        {
            authenticationFailures++; // unreachable with a validated config; kept so that a key is never optional
            return HaStatus.MIPV6_AUTH_FAIL;
        }
        return mn.config.enabled() ? 0 : HaStatus.ADMINISTRATIVELY_PROHIBITED;
    }

    /** {@inheritDoc} */
    protected void resumeAnswer(final BindingUpdateMessage bu, final byte[] home, final BindingCacheEntry entry)
    {
        final MobileNodeTable.Node mn = mobileNodes.find(BindingUpdateMessage.word(home, 0),
            BindingUpdateMessage.word(home, 8));
        answerSigner = mn != null && mn.authenticator != null ? mn : null;
    }

    /** {@inheritDoc} */
    protected void onAccepted(final BindingCacheEntry entry, final BindingUpdateMessage bu)
    {
        // the key is configured: nothing to keep in the binding
    }

    /** {@inheritDoc} The MN-HA option (SPI, authenticator to fill) when the BU was authenticated. */
    protected int appendOptions(final MobilityHeaderEncoder enc, final int status, final int lifetime)
    {
        if (answerSigner == null)
        {
            return -1;
        }
        enc.mnAuthentication(1, answerSigner.authenticator.spi(), noAuthenticator, 0, MnHaAuthenticator.LENGTH);
        return enc.position() - MnHaAuthenticator.LENGTH;
    }

    /** {@inheritDoc} First(96, HMAC-SHA1(key, BA destination ‖ HoA ‖ BA up to the SPI, checksum 0)). */
    protected boolean completeAnswer(final UnsafeBuffer ba, final int length, final int reserved, final byte[] to,
        final byte[] home)
    {
        ba.getBytes(0, signed, 0, length);
        if (!answerSigner.authenticator.sign(to, home, signed, reserved))
        {
            return false;
        }
        ba.putBytes(reserved, signed, reserved, MnHaAuthenticator.LENGTH);
        return true;
    }

    /** {@inheritDoc} Only bindings of MNs still configured come back. */
    protected boolean restoreBinding(final BindingRecord record, final long homeHi, final long homeLo)
    {
        return mobileNodes.find(homeHi, homeLo) != null;
    }

    /** @return BUs whose RFC 4285 authentication was missing or wrong. */
    public long authenticationFailures()
    {
        return authenticationFailures;
    }
}
