package net.dmmgw.control.cmd;

import net.dmmgw.control.dmm.PreviousMaarList;
import net.dmmgw.control.location.BindingCacheEntry;

/**
 * One mobility session at the CMD: the binding cache entry (MN-ID, the serving MAAR as Proxy-CoA, the prefix it
 * anchors), the P-MAAR list of Appendix B with each P-MAAR's signalling state, and the S-MAAR's PBU being answered.
 */
final class CmdSession
{
    /** P-MAAR element states. */
    static final int ASKED = 1;
    static final int ANSWERED = 2;
    static final int REPORTED = 3;

    static final int EXPIRE = 0;
    static final int RELAY = 1;
    static final int RETRY = 2;

    final BindingCacheEntry entry;
    final PreviousMaarList previous = new PreviousMaarList();
    long servingPrefix;
    int servingSequence;
    int grantedUnits;
    int accessTechnologyType;
    /** The S-MAAR's PBA is still owed (relay / locator, waiting for P-MAARs). */
    boolean pending;
    /** Retransmissions of the PBUs to the P-MAARs that have not answered. */
    int retries;
    final long[] deadlines = { -1, -1, -1 };

    CmdSession(final BindingCacheEntry entry)
    {
        this.entry = entry;
    }

    /** @return true while a P-MAAR has not answered the CMD's PBU. */
    boolean awaiting()
    {
        for (int i = 0; i < previous.size(); i++)
        {
            if (previous.state(i) == ASKED)
            {
                return true;
            }
        }
        return false;
    }
}
