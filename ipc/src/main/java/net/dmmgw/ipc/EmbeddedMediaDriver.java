package net.dmmgw.ipc;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * A media driver inside the control process: one shared thread that backs off when idle, so a
 * lab machine with two cores is not held by it. A standalone driver is used instead when
 * {@link IpcConfiguration#embeddedDriver()} is false.
 */
public final class EmbeddedMediaDriver
{
    private EmbeddedMediaDriver()
    {
    }

    /**
     * Starts a driver on the configuration's Aeron directory, replacing a stale directory left by
     * a process that died.
     *
     * @param configuration where the driver lives.
     * @return the running driver; close it to stop it.
     */
    public static MediaDriver launch(final IpcConfiguration configuration)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(configuration.aeronDirectory())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 1_000_000))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .ipcTermBufferLength(8 * 1024 * 1024)
            .publicationTermBufferLength(8 * 1024 * 1024);
        return MediaDriver.launch(context);
    }
}
