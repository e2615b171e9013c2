package net.dmmgw.control.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import net.dmmgw.control.admin.AdminToken;
import net.dmmgw.control.admin.JsonText;
import net.dmmgw.control.admin.RunDir;

/** dmmctl's side of the admin API: resolves URL and token, sends a request, maps failures to exit codes. */
final class AdminClient
{
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** The last response's JSON text (for --json). */
    String lastBody;

    AdminClient(final AdminOptions o)
    {
        this.url = o.url != null ? stripSlash(o.url) : readUrl(o.runDir());
        final Path tokenFile = o.tokenFile != null ? o.tokenFile : o.runDir().resolve(RunDir.TOKEN_FILE);
        try
        {
            this.token = AdminToken.read(tokenFile);
        }
        catch (final NoSuchFileException e)
        {
            throw new CliFailure(ExitCode.UNAUTHORISED, "no admin token file " + tokenFile +
                " (is the control process running with this run dir? or pass --token-file)");
        }
        catch (final IOException e)
        {
            throw new CliFailure(ExitCode.UNAUTHORISED, "cannot read the admin token file " + tokenFile + ": " +
                e.getMessage() + " (run as the control process's user, or pass --token-file)");
        }
    }

    private static String readUrl(final Path runDir)
    {
        final Path f = runDir.resolve(RunDir.URL_FILE);
        try
        {
            return stripSlash(Files.readString(f).trim());
        }
        catch (final IOException e)
        {
            throw new CliFailure(ExitCode.NOT_RUNNING, "the control process is not running: no " + f +
                " (start it, or pass --admin URL / --run-dir)");
        }
    }

    private static String stripSlash(final String u)
    {
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> get(final String pathAndQuery)
    {
        return (Map<String, Object>)JsonText.parse(send("GET", pathAndQuery));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> post(final String pathAndQuery)
    {
        return (Map<String, Object>)JsonText.parse(send("POST", pathAndQuery));
    }

    String send(final String method, final String pathAndQuery)
    {
        final HttpRequest request;
        try
        {
            request = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token).method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        }
        catch (final IllegalArgumentException e)
        {
            throw new CliFailure(ExitCode.USAGE, "bad admin URL " + url + ": " + e.getMessage());
        }
        final HttpResponse<String> response;
        try
        {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (final ConnectException e)
        {
            throw new CliFailure(ExitCode.NOT_RUNNING, "the control process is not running (connection refused at " +
                url + ")");
        }
        catch (final IOException e)
        {
            throw new CliFailure(ExitCode.NOT_RUNNING, "no answer from the control process at " + url + ": " + e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.ERROR, "interrupted");
        }
        final int status = response.statusCode();
        lastBody = response.body();
        if (status == 200)
        {
            return response.body();
        }
        final String reason = errorOf(response.body());
        throw switch (status)
        {
            case 401, 403 -> new CliFailure(ExitCode.UNAUTHORISED, "refused: " + reason);
            case 404 -> new CliFailure(ExitCode.NOT_FOUND, "not found: " + reason);
            case 503 -> new CliFailure(ExitCode.BUSY, "busy: " + reason);
            default -> status >= 400 && status < 500 ? new CliFailure(ExitCode.REFUSED, "refused: " + reason) :
                new CliFailure(ExitCode.ERROR, "admin API error " + status + ": " + reason);
        };
    }

    private static String errorOf(final String body)
    {
        try
        {
            if (JsonText.parse(body) instanceof Map<?, ?> m && m.get("error") != null)
            {
                return String.valueOf(m.get("error"));
            }
        }
        catch (final IllegalArgumentException ignored)
        {
            // not JSON: show it as it is
        }
        return body.strip();
    }
}
