package net.dmmgw.ipc;

import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Where and how the control process and the data plane talk over Aeron.
 * <p>
 * Two streams: control → data plane (state programming, inject, snapshots, heartbeats) and
 * data plane → control (acks, punts, resync requests, heartbeats). Use {@code aeron:ipc} for both
 * when the two processes share a host, {@code aeron:udp?endpoint=…} when they do not
 * (draft-sarikaya-dmm-cloud-mm's CP/DP split). Every setting has a property name, read by
 * {@link #fromProperties(Properties)}.
 */
public final class IpcConfiguration
{
    /** Aeron directory shared by the media driver and both clients. */
    public static final String AERON_DIR_PROP_NAME = "dmmgw.ipc.aeron.dir";
    /** Channel carrying control → data plane messages. */
    public static final String TO_DATA_PLANE_CHANNEL_PROP_NAME = "dmmgw.ipc.to.dataplane.channel";
    /** Stream id of control → data plane messages. */
    public static final String TO_DATA_PLANE_STREAM_PROP_NAME = "dmmgw.ipc.to.dataplane.stream";
    /** Channel carrying data plane → control messages. */
    public static final String TO_CONTROL_CHANNEL_PROP_NAME = "dmmgw.ipc.to.control.channel";
    /** Stream id of data plane → control messages. */
    public static final String TO_CONTROL_STREAM_PROP_NAME = "dmmgw.ipc.to.control.stream";
    /** Run a media driver inside the process (true) or use a standalone one (false). */
    public static final String EMBEDDED_DRIVER_PROP_NAME = "dmmgw.ipc.embedded.driver";
    /** How often each side sends a heartbeat, in milliseconds. */
    public static final String HEARTBEAT_INTERVAL_MS_PROP_NAME = "dmmgw.ipc.heartbeat.interval.ms";
    /** After how long without a heartbeat the peer is considered gone, in milliseconds. */
    public static final String HEARTBEAT_TIMEOUT_MS_PROP_NAME = "dmmgw.ipc.heartbeat.timeout.ms";

    /** Default stream id for control → data plane. */
    public static final int DEFAULT_TO_DATA_PLANE_STREAM = 1001;
    /** Default stream id for data plane → control. */
    public static final int DEFAULT_TO_CONTROL_STREAM = 1002;

    private String aeronDirectory = defaultAeronDirectory();
    private String toDataPlaneChannel = "aeron:ipc";
    private int toDataPlaneStream = DEFAULT_TO_DATA_PLANE_STREAM;
    private String toControlChannel = "aeron:ipc";
    private int toControlStream = DEFAULT_TO_CONTROL_STREAM;
    private boolean embeddedDriver = true;
    private long heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(100);
    private long heartbeatTimeoutNs = TimeUnit.MILLISECONDS.toNanos(1000);

    private static String defaultAeronDirectory()
    {
        return "/dev/shm/dmmgw-aeron";
    }

    /**
     * Reads every setting that is present; absent ones keep their defaults.
     *
     * @param properties source of the settings.
     * @return the configuration.
     * @throws IllegalArgumentException naming the key whose value is invalid.
     */
    public static IpcConfiguration fromProperties(final Properties properties)
    {
        final IpcConfiguration c = new IpcConfiguration();
        c.aeronDirectory(properties.getProperty(AERON_DIR_PROP_NAME, c.aeronDirectory));
        c.toDataPlaneChannel(properties.getProperty(TO_DATA_PLANE_CHANNEL_PROP_NAME, c.toDataPlaneChannel));
        c.toControlChannel(properties.getProperty(TO_CONTROL_CHANNEL_PROP_NAME, c.toControlChannel));
        c.toDataPlaneStream(intProperty(properties, TO_DATA_PLANE_STREAM_PROP_NAME, c.toDataPlaneStream));
        c.toControlStream(intProperty(properties, TO_CONTROL_STREAM_PROP_NAME, c.toControlStream));
        final String embedded = properties.getProperty(EMBEDDED_DRIVER_PROP_NAME);
        if (null != embedded)
        {
            if (!"true".equals(embedded) && !"false".equals(embedded))
            {
                throw new IllegalArgumentException(EMBEDDED_DRIVER_PROP_NAME + " must be true or false: " + embedded);
            }
            c.embeddedDriver(Boolean.parseBoolean(embedded));
        }
        c.heartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(
            intProperty(properties, HEARTBEAT_INTERVAL_MS_PROP_NAME, (int)TimeUnit.NANOSECONDS.toMillis(c.heartbeatIntervalNs))));
        c.heartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(
            intProperty(properties, HEARTBEAT_TIMEOUT_MS_PROP_NAME, (int)TimeUnit.NANOSECONDS.toMillis(c.heartbeatTimeoutNs))));
        return c;
    }

    private static int intProperty(final Properties properties, final String key, final int defaultValue)
    {
        final String value = properties.getProperty(key);
        if (null == value)
        {
            return defaultValue;
        }
        try
        {
            final int parsed = Integer.parseInt(value.trim());
            if (parsed <= 0)
            {
                throw new IllegalArgumentException(key + " must be positive: " + value);
            }
            return parsed;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " must be a whole number: " + value, ex);
        }
    }

    private static String channel(final String key, final String value)
    {
        if (null == value || !(value.startsWith("aeron:ipc") || value.startsWith("aeron:udp")))
        {
            throw new IllegalArgumentException(key + " must be an aeron:ipc or aeron:udp channel: " + value);
        }
        return value;
    }

    /** @return the Aeron directory. */
    public String aeronDirectory()
    {
        return aeronDirectory;
    }

    /** @param value the Aeron directory. @return this. */
    public IpcConfiguration aeronDirectory(final String value)
    {
        aeronDirectory = value;
        return this;
    }

    /** @return the control → data plane channel. */
    public String toDataPlaneChannel()
    {
        return toDataPlaneChannel;
    }

    /** @param value the control → data plane channel. @return this. */
    public IpcConfiguration toDataPlaneChannel(final String value)
    {
        toDataPlaneChannel = channel(TO_DATA_PLANE_CHANNEL_PROP_NAME, value);
        return this;
    }

    /** @return the control → data plane stream id. */
    public int toDataPlaneStream()
    {
        return toDataPlaneStream;
    }

    /** @param value the control → data plane stream id. @return this. */
    public IpcConfiguration toDataPlaneStream(final int value)
    {
        toDataPlaneStream = value;
        return this;
    }

    /** @return the data plane → control channel. */
    public String toControlChannel()
    {
        return toControlChannel;
    }

    /** @param value the data plane → control channel. @return this. */
    public IpcConfiguration toControlChannel(final String value)
    {
        toControlChannel = channel(TO_CONTROL_CHANNEL_PROP_NAME, value);
        return this;
    }

    /** @return the data plane → control stream id. */
    public int toControlStream()
    {
        return toControlStream;
    }

    /** @param value the data plane → control stream id. @return this. */
    public IpcConfiguration toControlStream(final int value)
    {
        toControlStream = value;
        return this;
    }

    /** @return true when the process runs its own media driver. */
    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    /** @param value true to run an embedded media driver. @return this. */
    public IpcConfiguration embeddedDriver(final boolean value)
    {
        embeddedDriver = value;
        return this;
    }

    /** @return heartbeat interval in nanoseconds. */
    public long heartbeatIntervalNs()
    {
        return heartbeatIntervalNs;
    }

    /** @param value heartbeat interval in nanoseconds. @return this. */
    public IpcConfiguration heartbeatIntervalNs(final long value)
    {
        heartbeatIntervalNs = value;
        return this;
    }

    /** @return peer liveness timeout in nanoseconds. */
    public long heartbeatTimeoutNs()
    {
        return heartbeatTimeoutNs;
    }

    /** @param value peer liveness timeout in nanoseconds. @return this. */
    public IpcConfiguration heartbeatTimeoutNs(final long value)
    {
        heartbeatTimeoutNs = value;
        return this;
    }
}
