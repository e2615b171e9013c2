package net.dmmgw.control.fama.mn;

import net.dmmgw.control.codec.cga.CgaParameters;
import net.dmmgw.ipc.Ipv6Words;

/**
 * One home address of the mobile node and the DAR that anchors it (the access router whose prefix it was formed
 * from): its CGA parameters, the permanent home keygen token that DAR gave (null until then), the binding's
 * sequence number, care-of address and state. Mutated by {@link MobileNodeAgent} only.
 */
public final class AnchoredAddress
{
    /** Where the binding stands. */
    public enum State
    {
        /** The node is attached to this address's DAR: no binding needed. */
        AT_HOME,
        /** A BU is out, no BA yet. */
        PENDING,
        /** The DAR accepted the binding to {@link #careOf()}. */
        BOUND,
        /** The DAR refused the last BU ({@link #lastStatus()}). */
        REFUSED
    }

    final byte[] home;
    final CgaParameters parameters;
    final byte[] encodedParameters;
    final byte[] dar;
    byte[] token;
    int sequence;
    byte[] careOf;
    State state = State.AT_HOME;
    int lastStatus = -1;
    int grantedLifetimeS;
    boolean signedPending;
    boolean kept = true;
    byte[] careOfTokenFor; // the CoA the DAR's last care-of keygen token is for (return routability), or null
    long careOfToken;
    byte[] boundCareOf;    // the CoA the DAR last accepted (proven): refreshes there need no care-of test
    int retries;

    AnchoredAddress(final byte[] home, final CgaParameters parameters, final byte[] dar, final int firstSequence)
    {
        this.home = home.clone();
        this.parameters = parameters;
        this.encodedParameters = parameters.encode();
        this.dar = dar.clone();
        this.sequence = firstSequence;
    }

    /** @return the home address (a CGA inside the DAR's prefix). */
    public byte[] home()
    {
        return home.clone();
    }

    /** @return the anchoring DAR's address. */
    public byte[] dar()
    {
        return dar.clone();
    }

    /** @return the CGA parameters that prove the home address. */
    public CgaParameters parameters()
    {
        return parameters;
    }

    /** @return true when the DAR gave a permanent home keygen token (later BUs use it instead of a signature). */
    public boolean hasToken()
    {
        return token != null;
    }

    /** @return a copy of the permanent home keygen token (null until the DAR gave one). */
    public byte[] token()
    {
        return token == null ? null : token.clone();
    }

    /** @return the sequence number of the last BU sent. */
    public int sequence()
    {
        return sequence;
    }

    /** @return the care-of address of the last BU (null at home). */
    public byte[] careOf()
    {
        return careOf == null ? null : careOf.clone();
    }

    /** @return the binding's state. */
    public State state()
    {
        return state;
    }

    /** @return the status of the last BA (-1 before any). */
    public int lastStatus()
    {
        return lastStatus;
    }

    /** @return the lifetime the last accepting BA granted (s). */
    public int grantedLifetimeS()
    {
        return grantedLifetimeS;
    }

    @Override
    public String toString()
    {
        return Ipv6Words.text(Ipv6Words.word(home, 0), Ipv6Words.word(home, 8)) + " @ " +
            Ipv6Words.text(Ipv6Words.word(dar, 0), Ipv6Words.word(dar, 8)) + " " + state +
            (careOf == null ? "" : " via " + Ipv6Words.text(Ipv6Words.word(careOf, 0), Ipv6Words.word(careOf, 8)));
    }
}
