package net.dmmgw.control.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Scrapes a live admin server's /metrics and validates the exposition (shared by the admin and DMM tests). */
public final class MetricsScrape
{
    private MetricsScrape()
    {
    }

    /** Scrapes /metrics and checks every line: HELP and TYPE before a family's samples, well-formed samples. */
    public static Map<String, Double> scrape(final AdminServer server) throws Exception
    {
        final HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(server.url() + "/metrics")).header("Authorization", "Bearer " +
            AdminToken.read(server.tokenFile())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        System.out.println("$ curl -H 'Authorization: Bearer …' " + server.url() + "/metrics\n" + r.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        final Pattern help = Pattern.compile("# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) .+");
        final Pattern type = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");
        final Pattern sample = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"" +
            "(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\")*)\\})? " +
            "(-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)");
        final Map<String, String> types = new HashMap<>();
        final Set<String> helped = new HashSet<>();
        final Map<String, Double> samples = new HashMap<>();
        final List<String> lines = new ArrayList<>(List.of(r.body().split("\n")));
        assertTrue(r.body().endsWith("\n"));
        for (final String line : lines)
        {
            Matcher m;
            if ((m = help.matcher(line)).matches())
            {
                assertTrue(helped.add(m.group(1)), "one HELP per family: " + line);
            }
            else if ((m = type.matcher(line)).matches())
            {
                assertTrue(helped.contains(m.group(1)), "HELP before TYPE: " + line);
                assertEquals(null, types.put(m.group(1), m.group(2)), "one TYPE per family: " + line);
            }
            else
            {
                m = sample.matcher(line);
                assertTrue(m.matches(), "malformed sample line: " + line);
                final String name = m.group(1);
                final String family = types.containsKey(name) ? name : name.replaceAll("_(bucket|sum|count)$", "");
                assertTrue(types.containsKey(family), "sample before its TYPE: " + line);
                if (!family.equals(name))
                {
                    assertEquals("histogram", types.get(family), line);
                }
                final String key = line.substring(0, line.lastIndexOf(' '));
                assertEquals(null, samples.put(key, Double.parseDouble(m.group(4).replace("+Inf", "Infinity"))),
                    "duplicate series " + key);
            }
        }
        return samples;
    }
}
