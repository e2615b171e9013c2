package net.dmmgw.control.ha;

import java.util.List;

import net.dmmgw.control.anchor.BindingUpdateMessage;
import net.dmmgw.control.anchor.MnHaAuthenticator;
import org.agrona.collections.Long2ObjectHashMap;

/** The configured mobile nodes by home address, with their authenticators; lookups do not allocate. */
final class MobileNodeTable
{
    /** One configured MN. */
    static final class Node
    {
        final long hoaHi;
        final long hoaLo;
        final HaMobileNode config;
        final MnHaAuthenticator authenticator;
        Node next;

        Node(final HaMobileNode config)
        {
            this.config = config;
            this.hoaHi = BindingUpdateMessage.word(config.homeAddress(), 0);
            this.hoaLo = BindingUpdateMessage.word(config.homeAddress(), 8);
            this.authenticator = config.key() == null ? null : new MnHaAuthenticator(config.key(), config.spi());
        }

        /** @return true when the NAI is not configured or equals these octets. */
        boolean naiMatches(final byte[] b, final int offset, final int length)
        {
            final byte[] nai = config.nai();
            return nai == null || java.util.Arrays.equals(nai, 0, nai.length, b, offset, offset + length);
        }
    }

    private final Long2ObjectHashMap<Node> byHash = new Long2ObjectHashMap<>();

    MobileNodeTable(final List<HaMobileNode> nodes)
    {
        for (final HaMobileNode n : nodes)
        {
            final Node node = new Node(n);
            final long h = hash(node.hoaHi, node.hoaLo);
            node.next = byHash.get(h);
            byHash.put(h, node);
        }
    }

    /** @return the MN with this home address, or null. */
    Node find(final long hi, final long lo)
    {
        for (Node n = byHash.get(hash(hi, lo)); n != null; n = n.next)
        {
            if (n.hoaHi == hi && n.hoaLo == lo)
            {
                return n;
            }
        }
        return null;
    }

    private static long hash(final long hi, final long lo)
    {
        return hi * 0x9E3779B97F4A7C15L ^ lo;
    }
}
