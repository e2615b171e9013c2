package net.dmmgw.control.app;

import java.util.Map;
import java.util.TreeMap;

/** The roles the launcher knows, by {@code node.role}. A new role is one line here. */
public final class Roles
{
    private static final Map<String, RoleFactory> FACTORIES = new TreeMap<>();

    static
    {
        FACTORIES.put("lma", new LmaRoleFactory());
        FACTORIES.put("mag", new MagRoleFactory());
        FACTORIES.put("ha", new HaRoleFactory());
        FACTORIES.put("maar", new MaarRoleFactory());
        FACTORIES.put("cmd", new CmdRoleFactory());
        FACTORIES.put("dar", new DarRoleFactory());
    }

    private Roles()
    {
    }

    /** @return the factory of a role, or null when unknown. */
    public static RoleFactory factory(final String role)
    {
        return FACTORIES.get(role);
    }

    /** @return the known role names, for error messages. */
    public static String names()
    {
        return String.join(", ", FACTORIES.keySet());
    }
}
