package net.dmmgw.control.mag;

import net.dmmgw.ipc.Ipv6Words;

/**
 * The MAG's administrative commands as one text line each (the control process reads them from its standard input
 * when {@code admin.stdin=true}): {@code detach MAC} (the node left: routes go, de-registration PBU), {@code attach
 * PORT MAC} (an L2 attachment event on an access port), {@code sessions} (the Binding Update List). Run on the
 * agent thread; not a hot path (answers are strings).
 */
public final class MagAdminCommands
{
    private MagAdminCommands()
    {
    }

    /**
     * @param mag the MAG (call on its agent thread).
     * @param line one command.
     * @return {@code ok ...} or {@code error: ...} (a bad line never throws).
     */
    public static String execute(final MobileAccessGateway mag, final String line)
    {
        final String[] w = line.trim().split("\\s+");
        try
        {
            return switch (w[0])
            {
                case "detach" -> w.length == 2 && mag.detach(Ipv6Words.mac(w[1])) ? "ok detach " + w[1] :
                    "error: detach MAC: no node with that MAC attached (or bad arguments)";
                case "attach" -> w.length == 3 && mag.attach(Integer.parseInt(w[1]), Ipv6Words.mac(w[2])) ?
                    "ok attach " + w[1] + " " + w[2] :
                    "error: attach PORT MAC: unknown MAC, already attached, or bad arguments";
                case "sessions" -> "ok sessions " + mag.sessions();
                default -> "error: unknown command '" + w[0] + "' (detach MAC | attach PORT MAC | sessions)";
            };
        }
        catch (final RuntimeException ex)
        {
            return "error: " + line.trim() + ": " + ex.getMessage();
        }
    }
}
