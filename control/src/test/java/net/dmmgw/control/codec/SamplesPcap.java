package net.dmmgw.control.codec;

import java.util.List;

/** Exposes the sample messages to the interop tests in another package. */
public final class SamplesPcap
{
    /** One encoded message and its IPv6 addresses. */
    public record Entry(String name, byte[] mh, byte[] src, byte[] dst)
    {
    }

    private SamplesPcap()
    {
    }

    /** @return every sample message. */
    public static List<Entry> samples()
    {
        return SampleMessages.all().stream().map(s -> new Entry(s.name(), s.mh(), s.src(), s.dst())).toList();
    }
}
