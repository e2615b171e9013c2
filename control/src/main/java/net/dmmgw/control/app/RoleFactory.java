package net.dmmgw.control.app;

import net.dmmgw.control.node.NodeConfig;

/**
 * Reads one role's keys from the node's file (failing on the first bad or unknown key, after the launcher read
 * its own) and returns what builds the role. One implementation per role, registered in {@link Roles}.
 */
@FunctionalInterface
public interface RoleFactory
{
    /**
     * @param config the node's file; the launcher's keys are already read.
     * @return the validated role, not built yet (nothing opened).
     * @throws net.dmmgw.control.node.ConfigException naming the bad key.
     */
    ConfiguredRole configure(NodeConfig config);
}
