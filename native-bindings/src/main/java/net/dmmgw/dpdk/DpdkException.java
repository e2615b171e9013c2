package net.dmmgw.dpdk;

import java.io.Serial;

import net.dmmgw.dpdk.raw.RteEal;

/**
 * A DPDK call made at set-up time failed, or a set-up request was refused before reaching DPDK
 * because it would fail or corrupt state. Carries the DPDK function name, its return code
 * (a negative errno where DPDK returns one) and the {@code rte_strerror} text.
 */
public final class DpdkException extends RuntimeException
{
    @Serial
    private static final long serialVersionUID = 1L;

    private final String function;
    private final int returnCode;
    private final String errorText;

    /**
     * @param function   the DPDK function (or guarded step) that failed, e.g. {@code rte_eth_dev_configure}.
     * @param returnCode its return code; a negative errno when DPDK gives one.
     * @param errorText  human-readable cause, usually {@code rte_strerror(-returnCode)}.
     * @param context    what was being attempted, e.g. {@code port 3, 1 rx queue}.
     */
    public DpdkException(final String function, final int returnCode, final String errorText, final String context)
    {
        super(function + " failed for " + context + ": " + errorText + " (rc=" + returnCode + ")");
        this.function = function;
        this.returnCode = returnCode;
        this.errorText = errorText;
    }

    /**
     * Builds the exception for a call that returned a negative errno.
     *
     * @param function DPDK function name.
     * @param rc       negative errno returned.
     * @param context  what was being attempted.
     * @return the exception, with {@code rte_strerror(-rc)} as text.
     */
    static DpdkException ofReturnCode(final String function, final int rc, final String context)
    {
        return new DpdkException(function, rc, RteEal.rte_strerror(Math.abs(rc)), context);
    }

    /** @return the DPDK function (or guarded step) that failed. */
    public String function()
    {
        return function;
    }

    /** @return the return code, a negative errno where DPDK gives one. */
    public int returnCode()
    {
        return returnCode;
    }

    /** @return the {@code rte_strerror} text or the guard's explanation. */
    public String errorText()
    {
        return errorText;
    }
}
