package net.dmmgw.dpdk;

/** The Linux errno values the bindings produce or test for (x86-64 Linux numbering). */
final class Errno
{
    static final int ENOENT = 2;
    static final int ENOMEM = 12;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int EALREADY = 114;

    private Errno()
    {
    }
}
