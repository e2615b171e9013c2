package net.dmmgw.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * How the lab reads the mobile node's {@code ip -6 addr} output: an address the RAs deprecated (preferred lifetime 0)
 * counts as deprecated even while the kernel's flag is missing, as in this output from a CI run of the DLIF lab.
 */
class MobileNodeAddressStateTest
{
    private static final String SHOWN = """
        2: m0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netns x
            inet6 2001:db8:200::ff:fe00:aa01/64 scope global dynamic mngtmpaddr
               valid_lft 3565sec preferred_lft 0sec
            inet6 2001:db8:100::ff:fe00:aa01/64 scope global deprecated dynamic mngtmpaddr
               valid_lft 3565sec preferred_lft 0sec
            inet6 2001:db8:300::ff:fe00:aa01/64 scope global dynamic mngtmpaddr
               valid_lft 3565sec preferred_lft 3565sec
            inet6 2001:db8:400::ff:fe00:aa01/64 scope global dynamic mngtmpaddr
               valid_lft 3565sec preferred_lft 10sec
        """;

    @Test
    void aPreferredLifetimeOfZeroIsDeprecatedWithOrWithoutTheKernelsFlag()
    {
        assertTrue(DmmLab.isDeprecated(DmmLab.addressState(SHOWN, "2001:db8:200::/64")));
        assertTrue(DmmLab.isDeprecated(DmmLab.addressState(SHOWN, "2001:db8:100::/64")));
    }

    @Test
    void aPreferredAddressIsNot()
    {
        assertFalse(DmmLab.isDeprecated(DmmLab.addressState(SHOWN, "2001:db8:300::/64")));
        assertFalse(DmmLab.isDeprecated(DmmLab.addressState(SHOWN, "2001:db8:400::/64")));
        assertFalse(DmmLab.isDeprecated(DmmLab.addressState(SHOWN, "2001:db8:500::/64")), "absent");
    }
}
