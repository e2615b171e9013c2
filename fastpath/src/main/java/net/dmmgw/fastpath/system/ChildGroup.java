package net.dmmgw.fastpath.system;

import java.util.ArrayList;
import java.util.List;

/**
 * The child JVMs a lab or a system test started: {@link #closeAll()} kills whatever still runs (before the files
 * they use are removed). Add a child before waiting on it, so that a failed wait still kills it.
 */
public class ChildGroup
{
    private final List<ChildJvm> children = new ArrayList<>();

    /** Tracks a child. */
    public synchronized ChildJvm add(final ChildJvm child)
    {
        children.add(child);
        return child;
    }

    /** @return the n-th child started. */
    public synchronized ChildJvm get(final int index)
    {
        return children.get(index);
    }

    /** @return the children started so far (a copy). */
    public synchronized List<ChildJvm> all()
    {
        return List.copyOf(children);
    }

    /** Kills every child still running. */
    public void closeAll()
    {
        all().forEach(ChildJvm::close);
    }
}
