package net.dmmgw.control.codec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DMM numbering: defaults, the draft-02 switch, and refusal of unusable configurations. */
class DmmConfigTest
{
    @Test
    void shouldDefaultToTheIanaValues()
    {
        final DmmConfig c = DmmConfig.iana();
        for (int t = 65; t <= 70; t++)
        {
            assertEquals(t, c.wireType(t));
            assertEquals(t, c.canonicalType(t));
        }
        assertEquals(0x0010, c.buDMask());
        assertEquals(0x02, c.baDMask());
        assertEquals(34, c.fixedLength(OptionType.PREVIOUS_MAAR));
        assertEquals(OptionType.UNKNOWN, c.canonicalType(71));
        assertEquals(OptionType.HOME_NETWORK_PREFIX, c.canonicalType(22));
    }

    @Test
    void shouldReproduceDraft02Positions()
    {
        final DmmConfig c = DmmConfig.draft02();
        assertEquals(BindingUpdate.FLAG_F, c.buDMask());
        assertEquals(BindingAck.FLAG_T, c.baDMask());
        assertEquals(33, c.fixedLength(OptionType.PREVIOUS_MAAR));
    }

    @Test
    void shouldMapConfiguredWireTypesBackToIanaNumbers()
    {
        final DmmConfig c = DmmConfig.of(200, 201, 202, 203, 204, 205, 0x0008, 0x01,
            DmmConfig.PreviousMaarLayout.RFC8885);
        assertEquals(202, c.wireType(OptionType.PREVIOUS_MAAR));
        assertEquals(OptionType.PREVIOUS_MAAR, c.canonicalType(202));
        assertEquals(OptionType.UNKNOWN, c.canonicalType(67), "65-70 are unknown once moved");
    }

    @Test
    void shouldRefuseCollisionsDuplicatesAndBadMasks()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmmConfig.of(22, 66, 67, 68, 69, 70, 0x10, 0x02,
            DmmConfig.PreviousMaarLayout.RFC8885)).getMessage().contains("Home Network Prefix"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmmConfig.of(65, 65, 67, 68, 69, 70, 0x10, 0x02,
            DmmConfig.PreviousMaarLayout.RFC8885)).getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmmConfig.of(65, 66, 67, 68, 69, 70, 0x30, 0x02,
            DmmConfig.PreviousMaarLayout.RFC8885)).getMessage().contains("BU D mask"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmmConfig.of(65, 66, 67, 68, 69, 70, 0x10,
            0x100, DmmConfig.PreviousMaarLayout.RFC8885)).getMessage().contains("BA D mask"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DmmConfig.of(0, 66, 67, 68, 69, 70, 0x10, 0x02,
            DmmConfig.PreviousMaarLayout.RFC8885)).getMessage().contains("out of range"));
    }
}
