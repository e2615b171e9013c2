package net.dmmgw.fastpath.pipeline;

/**
 * Actions counted per worker besides drops and punts.
 */
public enum Action
{
    /** Forwarded to a next hop. */
    FORWARDED("forwarded"),
    /** Delivered to a mobile node on an access port. */
    DELIVERED("delivered"),
    /** Encapsulated into a tunnel. */
    ENCAPSULATED("encapsulated"),
    /** Decapsulated from a tunnel (then looked up again). */
    DECAPSULATED("decapsulated"),
    /** ICMPv6 error generated. */
    ICMP_SENT("icmp errors sent"),
    /** ICMPv6 error not sent: rate limit. */
    ICMP_RATE_LIMITED("icmp errors rate limited"),
    /** ICMPv6 error not sent: forbidden by RFC 4443 §2.4(e) (error about an error, multicast source, ...). */
    ICMP_SUPPRESSED("icmp errors suppressed"),
    /**
     * ICMPv6 error not sent: no route or neighbour toward the source, buffer too small, or the ingress port's
     * record (the error's source address) busy.
     */
    ICMP_UNROUTABLE("icmp errors unroutable");

    private final String label;

    Action(final String label)
    {
        this.label = label;
    }

    /**
     * @return counter label.
     */
    public String label()
    {
        return label;
    }
}
