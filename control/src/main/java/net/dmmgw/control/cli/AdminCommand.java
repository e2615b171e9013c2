package net.dmmgw.control.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of the commands that talk to the admin API: options, client, failures turned into messages and exit codes. */
abstract class AdminCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    AdminOptions admin;

    @Override
    public final Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        admin = ((DmmCtl)spec.root().userObject()).admin(); // the inherited options, typed before or after the command
        try
        {
            final int code = run(new AdminClient(admin), out);
            out.flush();
            return code;
        }
        catch (final CliFailure f)
        {
            out.flush();
            final PrintWriter err = spec.commandLine().getErr();
            err.println("dmmctl " + spec.qualifiedName(" ").replaceFirst("^dmmctl ", "") + ": " + f.getMessage());
            err.flush();
            return f.exitCode();
        }
    }

    /**
     * @param client the admin API.
     * @param out standard output.
     * @return exit code.
     */
    abstract int run(AdminClient client, PrintWriter out);

    /** Prints the last answer as it came (JSON) or the table. */
    void print(final AdminClient client, final PrintWriter out, final Runnable table)
    {
        if (admin.json)
        {
            out.println(client.lastBody.strip());
        }
        else
        {
            table.run();
        }
    }
}
