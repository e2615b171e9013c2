package net.dmmgw.fastpath.counters;

import static net.dmmgw.fastpath.support.Frames.ethernet;
import static net.dmmgw.fastpath.support.Frames.ipv6;
import static net.dmmgw.fastpath.support.Frames.udp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import net.dmmgw.fastpath.support.Rig;
import net.dmmgw.ipc.counters.CountersFile;

class CountersFileTest
{
    @Test
    void shouldExposeWorkerCountersToAnIndependentReaderMapping() throws Exception
    {
        try (Rig rig = new Rig().standardTopology())
        {
            final Path path = Files.createTempFile("dmmgw-counters-read", ".dat");
            try
            {
                // The rig writes its counters file; a second mapping reads it, as a tool in another process would.
                final Path rigPath = rig.countersPath();
                for (int i = 0; i < 3; i++)
                {
                    rig.run(ethernet(ipv6(Rig.MN, "2001:db8:9999::1", 17, 64, udp(8))), 0);
                }
                rig.run(ethernet(ipv6("fe80::1", "2001:db8:9999::1", 17, 64, udp(8))), 0);
                try (CountersFile reader = CountersFile.openReadOnly(rigPath))
                {
                    assertEquals(4, reader.valueOf("w0 port 0 rx packets"));
                    assertEquals(3, reader.valueOf("w0 port 1 tx packets"));
                    assertEquals(3, reader.valueOf("w0 forwarded"));
                    assertEquals(1, reader.valueOf("w0 drop: link-local not forwarded"));
                    assertEquals(0, reader.valueOf("w0 drop: no route"));
                    assertEquals(3L * (14 + 48), reader.valueOf("w0 port 1 tx bytes"));
                }
                Files.write(path, new byte[128]);
                assertThrows(java.io.IOException.class, () -> CountersFile.openReadOnly(path));
            }
            finally
            {
                Files.deleteIfExists(path);
            }
        }
    }
}
