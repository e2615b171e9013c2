package net.dmmgw.lab;

import java.util.List;

/**
 * The MAARs' de-registration variant (RFC 8885 §3.5, {@code maar.deregistration}, per MAAR: a MAAR's own setting)
 * and the binding lifetime they ask for ({@code maar.lifetime-s}; the CMD grants it, its maximum is 3600 s). The
 * story runs with {@link #DEFAULT} (variant a everywhere, an hour); the de-registration system test shortens the
 * lifetime to seconds so that P-MAAR timers and the session's expiry happen while it watches.
 *
 * @param deregistration "a" or "b" for MAAR1, MAAR2, MAAR3.
 * @param lifetimeS the lifetime each MAAR requests (4 … 3600 s).
 */
record LabLifetimes(List<String> deregistration, int lifetimeS)
{
    /** Variant a on every MAAR, one-hour bindings. */
    static final LabLifetimes DEFAULT = new LabLifetimes(List.of("a", "a", "a"), 3600);

    LabLifetimes
    {
        deregistration = List.copyOf(deregistration);
        if (deregistration.size() != LabNetwork.MAARS ||
            !deregistration.stream().allMatch(v -> v.equals("a") || v.equals("b")))
        {
            throw new IllegalArgumentException("one variant (a or b) per MAAR: " + deregistration);
        }
        if (lifetimeS < 4 || lifetimeS > 3600)
        {
            throw new IllegalArgumentException("lifetime 4 … 3600 s: " + lifetimeS);
        }
    }

    /** @return MAAR n's {@code maar.deregistration} and {@code maar.lifetime-s} lines. */
    String maarKeys(final int n)
    {
        return "maar.deregistration=" + deregistration.get(n - 1) + "\nmaar.lifetime-s=" + lifetimeS + "\n";
    }
}
