package net.dmmgw.control.fama;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import net.dmmgw.control.fama.mn.AnchoredAddress;
import net.dmmgw.ipc.Ipv6Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static net.dmmgw.control.fama.FamaRig.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dar.return-routability=true} (draft §5): a BU to a new care-of address, CGA-signed or token-authorized, is
 * answered 137 with a Care-of Test option sent to that address; the BU again with Kbm = SHA1(care-of token) (next to
 * the signature) or SHA1(PHKT ‖ care-of token) is accepted; a node that does not receive at the care-of address it
 * claims cannot bind it (137, the token goes to that address; a guessed token 148; nothing changes); a refresh at a proven address needs no test; with the mode off
 * a Care-of Test Init is ignored.
 */
class FamaReturnRoutabilityTest
{
    @TempDir
    Path dir;

    private static Properties returnRoutability()
    {
        final Properties p = new Properties();
        p.setProperty("dar.return-routability", "true");
        return p;
    }

    private static void assertExchange(final List<FamaRig.Sent> messages, final boolean signed)
    {
        assertEquals(4, messages.size(), "BU, 137 + CoT, BU with the care-of proof, BA 0");
        assertEquals(signed, options(messages.get(0)).isCgaSigned());
        assertTrue(options(messages.get(0)).hasCareOfTestInit());
        assertEquals(DarStatus.CARE_OF_TEST_REQUIRED, FamaTest.status(messages.get(1)));
        assertTrue(options(messages.get(1)).hasCareOfTest());
        assertArrayEquals(messages.get(0).source(), messages.get(1).destination(), "the token goes to the CoA");
        assertFalse(options(messages.get(2)).hasCareOfTestInit());
        assertTrue(options(messages.get(2)).authenticatorOffset() >= 0);
        assertEquals(0, FamaTest.status(messages.get(3)));
    }

    /** @return the messages to or from DAR {@code i}, in order. */
    private static List<FamaRig.Sent> with(final List<FamaRig.Sent> messages, final int i)
    {
        final byte[] dar = Ipv6Words.bytes(FamaRig.DAR[i]);
        return messages.stream()
            .filter(m -> Arrays.equals(m.source(), dar) || Arrays.equals(m.destination(), dar)).toList();
    }

    private static FamaOptions options(final FamaRig.Sent m)
    {
        return FamaTest.options(m);
    }

    @Test
    void everyNewCareOfAddressIsTested()
    {
        try (FamaRig rig = new FamaRig(dir, returnRoutability()))
        {
            rig.mn.returnRoutability(true);
            final AnchoredAddress a1 = rig.attach(0);
            final AnchoredAddress a2 = rig.attach(1);
            assertExchange(rig.log, true);
            assertTrue(options(rig.log.get(3)).tokenDataOffset() >= 0, "the token comes with the acceptance");
            assertEquals(AnchoredAddress.State.BOUND, a1.state());

            int before = rig.log.size();
            final AnchoredAddress a3 = rig.attach(2); // DAR1: token BU; DAR2: signed BU
            final List<FamaRig.Sent> second = rig.log.subList(before, rig.log.size());
            assertEquals(8, second.size());
            assertExchange(with(second, 0), false);
            assertExchange(with(second, 1), true);
            assertEquals(text(a3.home()), rig.tunnelRemote(0, a1.home()));
            assertEquals(text(a3.home()), rig.tunnelRemote(1, a2.home()));

            for (int visited = 0; visited < 2; visited++)
            {
                final AnchoredAddress careOf = rig.visit(visited);
                for (int i = 0; i < 3; i++)
                {
                    assertEquals(text(careOf.home()), rig.tunnelRemote(i, List.of(a1, a2, a3).get(i).home()));
                    assertEquals(1, rig.dataPlane(i).tunnelCount());
                }
            }
            assertEquals(4, rig.dar(0).careOfTests(), "one test per movement (four)");

            before = rig.log.size();
            rig.mn.refresh(); // same care-of addresses: no test
            rig.pump();
            assertEquals(6, rig.log.size() - before, "three BUs, three BAs");
            for (final FamaRig.Sent m : rig.log.subList(before, rig.log.size()))
            {
                assertFalse(options(m).hasCareOfTestInit() || options(m).hasCareOfTest(), "no care-of test");
            }
        }
    }

    @Test
    void aCareOfAddressTheNodeIsNotAtCannotBeBound()
    {
        try (FamaRig rig = new FamaRig(dir, returnRoutability()))
        {
            rig.mn.returnRoutability(true);
            final AnchoredAddress a1 = rig.attach(0);
            final AnchoredAddress a2 = rig.attach(1);
            final byte[] home = a1.home();
            final byte[] elsewhere = Ipv6Words.bytes("2001:db8:bad::7"); // a victim's address
            final byte[] dar = Ipv6Words.bytes(FamaRig.DAR[0]);
            final long calls = rig.dataPlane(0).calls();
            final int last = rig.dar(0).binding(home).lastSequence();
            for (final boolean guess : new boolean[]{ false, true })
            {
                final int length = rig.mn.buildAuthorized(home, dar, elsewhere, last + 1, 100, a1.token(), guess,
                    0x1122334455667788L);
                final List<FamaRig.Sent> answers =
                    rig.inject(0, elsewhere, home, Arrays.copyOf(rig.mn.lastMessage(), length));
                // Asking: 137 and the token goes to the claimed address. Guessing it: the authenticator fails, 148.
                assertEquals(guess ? DarStatus.CGA_AND_SIGNATURE_VERIFICATION_FAILED :
                    DarStatus.CARE_OF_TEST_REQUIRED, FamaTest.status(answers.get(0)));
                assertArrayEquals(elsewhere, answers.get(0).destination());
                assertEquals(!guess, options(answers.get(0)).hasCareOfTest(), "a Care-of Test when asked for");
            }
            assertEquals(text(a2.home()), rig.tunnelRemote(0, home), "unchanged");
            assertEquals(calls, rig.dataPlane(0).calls());
            assertEquals(last, rig.dar(0).binding(home).lastSequence());
        }
    }

    @Test
    void offTheCareOfTestInitIsIgnored()
    {
        try (FamaRig rig = new FamaRig(dir, new Properties()))
        {
            rig.mn.returnRoutability(true);
            final AnchoredAddress a1 = rig.attach(0);
            rig.attach(1);
            assertEquals(2, rig.log.size());
            assertTrue(options(rig.log.get(0)).hasCareOfTestInit());
            assertEquals(0, FamaTest.status(rig.log.get(1)));
            assertFalse(options(rig.log.get(1)).hasCareOfTest());
            assertEquals(AnchoredAddress.State.BOUND, a1.state());
        }
    }
}
