package io.segments.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine through its HTTP API, as a client sees it: the workload's segments created with
 * {@code POST /api/segments}, then {@code GET /api/segments/{id}/count?asOf=NOW} for one segment, one
 * {@code POST /api/segments/counts} for several (a batch, counted together), or {@code GET /api/segments/{id}/trend?interval=day&from=..&to=..} (with {@code asOf} too, for a server that
 * reads it).
 */
public final class HttpQueries {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final URI base;
    private final List<Double> app = new ArrayList<>();
    private final List<Double> query = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    public HttpQueries(URI base) {
        this.base = base;
    }

    /** Creates the workload's segments; answers their ids in order. */
    public List<String> create(Workload w) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        for (Workload.Segment s : w.segments()) {
            ids.add(create(w.key() + ": " + s.name(), "benchmark segment: " + w.title(), s.filter()));
        }
        return ids;
    }

    /** Creates a dynamic segment of {@code filter} (JSON); answers its id. */
    public String create(String name, String description, String filter) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("name", name);
        body.put("description", description);
        body.set("filter", JSON.readTree(filter));
        JsonNode created = send(HttpRequest.newBuilder(base.resolve("/api/segments"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 201);
        return created.path("id").asText();
    }

    /** {@code GET /api/segments/{id}/count?asOf=}: the segment's count at {@code asOf}. */
    public long count(String id, Instant asOf) throws IOException, InterruptedException {
        String at = URLEncoder.encode(asOf.toString(), StandardCharsets.UTF_8);
        JsonNode count = send(HttpRequest.newBuilder(base.resolve("/api/segments/" + id + "/count?asOf=" + at)).GET(),
                200);
        if (!count.path("count").isIntegralNumber()) {
            throw new IllegalStateException("GET /api/segments/" + id + "/count answered no count: " + count);
        }
        return count.path("count").asLong();
    }

    /** The workload's counts at {@code p}: one count request (for several segments, the batch one), or the trend. */
    public long[] counts(Workload w, List<String> ids, Params p) throws IOException, InterruptedException {
        String asOf = URLEncoder.encode(Instant.ofEpochMilli(p.now()).toString(), StandardCharsets.UTF_8);
        if (w.trend()) {
            JsonNode trend = send(HttpRequest.newBuilder(base.resolve("/api/segments/" + ids.get(0)
                    + "/trend?interval=day&from=" + p.from() + "&to=" + p.to() + "&asOf=" + asOf)).GET(), 200);
            List<long[]> points = new ArrayList<>();
            for (JsonNode point : trend.path("points")) {
                points.add(new long[]{Instant.parse(point.path("at").asText()).toEpochMilli(),
                        point.path("count").asLong()});
            }
            return EngineQueries.trendCounts(w.key() + " (engine-http)", points, p);
        }
        long[] counts = new long[ids.size()];
        if (ids.size() > 1) {
            // a batch (W1x20, W4's bands): one request, the segments counted together
            ObjectNode body = JSON.createObjectNode();
            ids.forEach(body.putArray("ids")::add);
            body.put("asOf", Instant.ofEpochMilli(p.now()).toString());
            JsonNode answer = send(HttpRequest.newBuilder(base.resolve("/api/segments/counts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), 200);
            for (int i = 0; i < ids.size(); i++) {
                counts[i] = answer.path("counts").path(i).path("count").asLong(-1);
            }
            return counts;
        }
        for (int i = 0; i < ids.size(); i++) {
            counts[i] = count(ids.get(i), Instant.ofEpochMilli(p.now()));
        }
        return counts;
    }

    /** Deletes segments created by {@link #create}. */
    public void delete(List<String> ids) throws IOException, InterruptedException {
        for (String id : ids) {
            HttpRequest r = HttpRequest.newBuilder(base.resolve("/api/segments/" + id)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY).DELETE().build();
            HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IllegalStateException("DELETE " + r.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        }
    }

    /**
     * The server's own times for each request sent since the last call, in order: {@code app} (the whole request in
     * the server) and {@code query} (the evaluation) of its {@code Server-Timing} header, in ms (NaN when missing).
     */
    public ServerTimes takeServerTimes() {
        ServerTimes taken = new ServerTimes(app.stream().mapToDouble(Double::doubleValue).toArray(),
                query.stream().mapToDouble(Double::doubleValue).toArray());
        app.clear();
        query.clear();
        return taken;
    }

    /** The {@code app} and {@code query} durations of {@code Server-Timing} headers, in ms, in request order. */
    public record ServerTimes(double[] app, double[] query) {
    }

    private void recordServerTiming(String header) {
        double appMillis = Double.NaN;
        double queryMillis = Double.NaN;
        for (String metric : header.split(",")) {
            String[] parts = metric.trim().split(";dur=");
            if (parts.length == 2 && parts[0].equals("app")) {
                appMillis = Double.parseDouble(parts[1]);
            } else if (parts.length == 2 && parts[0].equals("query")) {
                queryMillis = Double.parseDouble(parts[1]);
            }
        }
        app.add(appMillis);
        query.add(queryMillis);
    }

    private JsonNode send(HttpRequest.Builder request, int expected) throws IOException, InterruptedException {
        HttpRequest r = request.timeout(TIMEOUT).header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY).build();
        HttpResponse<String> response = client.send(r, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(r.method() + " " + r.uri() + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        recordServerTiming(response.headers().firstValue("Server-Timing").orElse(""));
        return JSON.readTree(response.body());
    }
}
