package net.dmmgw.control.location;

/** Life-cycle of a binding cache entry. */
public enum BindingState
{
    /** Registered; traffic flows through the Proxy-CoA's tunnel. */
    ACTIVE,
    /** De-registered; kept for MinDelayBeforeBCEDelete so that a handoff can still claim it. */
    DEREGISTERED
}
