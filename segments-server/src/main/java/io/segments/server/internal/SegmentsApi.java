package io.segments.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.segments.catalog.MemberBreakdown;
import io.segments.catalog.QueryParameters;
import io.segments.catalog.SegmentCatalog;
import io.segments.catalog.SegmentQueries;
import io.segments.catalog.StaticMembers;
import io.segments.engine.Reach;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentsException;
import io.segments.model.json.SegmentJson;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The segments API: the pinned calls of the HTTP contract ({@code /api/segments...}, {@code /api/users/{userId}})
 * on the {@link SegmentCatalog} and {@link SegmentQueries}, plus the static-list uploads
 * {@code POST /api/segments/import-csv} and {@code PUT /api/segments/{id}/members}.
 *
 * <p>Segments are written in the canonical JSON of {@link SegmentJson}. Request bodies are limited:
 * {@value #MAX_SEGMENT_BYTES} bytes for a segment, {@value #MAX_PREVIEW_BYTES} for a preview,
 * {@value #MAX_CSV_BYTES} for a CSV upload; more is {@code payload_too_large} (413).
 */
public final class SegmentsApi {
    /** The largest segment body: 16 MiB (a static segment's member list travels in it). */
    public static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;
    /** The largest preview body: 1 MiB. */
    public static final int MAX_PREVIEW_BYTES = 1024 * 1024;
    /** The largest CSV member list upload: 64 MiB. */
    public static final int MAX_CSV_BYTES = 64 * 1024 * 1024;
    /** The multipart form field that carries an uploaded CSV file. */
    public static final String FILE_FIELD = "file";

    private final SegmentCatalog catalog;
    private final SegmentQueries queries;

    public SegmentsApi(SegmentCatalog catalog, SegmentQueries queries) {
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.queries = requireNonNull(queries, "queries is null");
    }

    public void register(Javalin app) {
        app.get("/api/segments", this::list);
        app.post("/api/segments", this::create);
        app.post("/api/segments/preview", this::preview);
        app.post("/api/segments/counts", this::counts);
        app.post("/api/segments/import-csv", this::importCsv);
        app.get("/api/segments/{id}", ctx -> segment(ctx, 200, catalog.get(ctx.pathParam("id"))));
        app.put("/api/segments/{id}", this::update);
        app.delete("/api/segments/{id}", ctx -> {
            catalog.delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        app.post("/api/segments/{id}/clone", ctx -> created(ctx, catalog.copy(ctx.pathParam("id"))));
        app.get("/api/segments/{id}/count", this::count);
        app.get("/api/segments/{id}/members", this::members);
        app.put("/api/segments/{id}/members", this::replaceMembers);
        app.get("/api/segments/{id}/reachability", this::reachability);
        app.get("/api/users/{userId}", this::user);
    }

    private void list(Context ctx) {
        List<Segment> segments = catalog.list(Optional.ofNullable(ctx.queryParam("q")));
        StringBuilder body = new StringBuilder("{\"segments\":[");
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(SegmentJson.write(segments.get(i)));
        }
        ctx.contentType("application/json").result(body.append("]}").toString());
    }

    private void create(Context ctx) throws IOException {
        Segment body = SegmentJson.readSegment(Bodies.readLimited(ctx, MAX_SEGMENT_BYTES));
        created(ctx, catalog.create(body));
    }

    private void update(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Segment body = SegmentJson.readSegment(Bodies.readLimited(ctx, MAX_SEGMENT_BYTES));
        segment(ctx, 200, catalog.update(id, body));
    }

    /**
     * {@code {"filter": C, "asOf"?: T}}: the filter's count ({@value #MAX_PREVIEW_BYTES} bytes at most); or
     * {@code {"members": [ids]}}: how that list would count as a static segment now, with its breakdown (as large as
     * a segment body may be, since the list travels in one).
     */
    private void preview(Context ctx) throws IOException {
        byte[] bytes = Bodies.readLimited(ctx, MAX_SEGMENT_BYTES);
        JsonNode body = SegmentJson.readTree(bytes);
        if (!body.isObject() || !body.has("members")) {
            if (bytes.length > MAX_PREVIEW_BYTES) {
                throw Bodies.tooLarge(MAX_PREVIEW_BYTES);
            }
            ctx.json(countJson(queries.preview(body)));
            return;
        }
        Iterator<String> keys = body.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (key.equals("filter")) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "a preview counts either a filter"
                        + " or a member list (members), not both", "$.members");
            }
            if (!key.equals("members")) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "unknown key \""
                        + (key.length() <= 60 ? key : key.substring(0, 60) + "...")
                        + "\" in a member list preview: expected members", "$." + key);
            }
        }
        JsonNode list = body.get("members");
        if (!list.isArray()) {
            throw SegmentsException.invalidSegment("members is a list of user ids", "$.members");
        }
        List<String> ids = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw SegmentsException.invalidSegment("a member id is a string", "$.members[" + i + "]");
            }
            ids.add(list.get(i).textValue());
        }
        Instant now = queries.evaluationInstant(Optional.empty());
        MemberBreakdown breakdown = queries.memberBreakdown(ids);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", breakdown.users());
        answer.put("asOf", now.toString());
        answer.put("members", breakdown(breakdown));
        ctx.json(answer);
    }

    /** A static list's breakdown as the API writes it: its figures, then its samples. */
    private static Map<String, Object> breakdown(MemberBreakdown b) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("listed", b.listed());
        json.put("duplicates", b.duplicates());
        json.put("unknown", b.unknown());
        json.put("merged", b.merged());
        json.put("duplicateSample", b.duplicateSample());
        json.put("unknownSample", b.unknownSample());
        List<Map<String, Object>> merged = new ArrayList<>();
        for (MemberBreakdown.Merged m : b.mergedSample()) {
            merged.add(Map.of("id", m.id(), "userId", m.userId()));
        }
        json.put("mergedSample", merged);
        return json;
    }

    /** {@code {"ids": [...], "asOf"?: T}}: each segment's count, the dynamic ones in one query. */
    private void counts(Context ctx) throws IOException {
        JsonNode body = SegmentJson.readTree(Bodies.readLimited(ctx, MAX_PREVIEW_BYTES));
        if (!body.isObject()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "a counts request is an object {\"ids\": [...], \"asOf\": ...}", "$");
        }
        Iterator<String> keys = body.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("ids") && !key.equals("asOf")) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "unknown key \""
                        + (key.length() <= 60 ? key : key.substring(0, 60) + "...")
                        + "\" in a counts request: expected ids and optionally asOf", "$");
            }
        }
        JsonNode idsNode = body.get("ids");
        if (idsNode == null || !idsNode.isArray()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "ids is an array of segment ids", "$.ids");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < idsNode.size(); i++) {
            if (!idsNode.get(i).isTextual()) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "a segment id is a string",
                        "$.ids[" + i + "]");
            }
            ids.add(idsNode.get(i).textValue());
        }
        Optional<Instant> asOf = QueryParameters.asOfField(body);
        List<SegmentQueries.Count> counts = ServerTiming.time(ctx, "query", () -> queries.counts(ids, asOf));
        List<Map<String, Object>> rows = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", ids.get(i));
            row.put("count", counts.get(i).count());
            rows.add(row);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("asOf", (counts.isEmpty() ? queries.evaluationInstant(asOf) : counts.get(0).asOf()).toString());
        answer.put("counts", rows);
        ctx.json(answer);
    }

    private void count(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<Instant> asOf = QueryParameters.asOf(Optional.ofNullable(ctx.queryParam("asOf")));
        Map<String, Object> body = countJson(ServerTiming.time(ctx, "query", () -> queries.count(id, asOf)));
        if (catalog.get(id).type() == SegmentType.STATIC) {
            // why the list counts fewer users than it lists (its users are the count)
            body.put("members", breakdown(queries.memberBreakdown(id)));
        }
        ctx.json(body);
    }

    /** {@code {"count", "asOf"}}: a count and the instant it was evaluated at (never after now). */
    private static Map<String, Object> countJson(SegmentQueries.Count count) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("count", count.count());
        body.put("asOf", count.asOf().toString());
        return body;
    }

    private void members(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        String format = ctx.queryParam("format");
        if (format == null || format.equals("json")) {
            SegmentQueries.MemberPage page = queries.members(id,
                    QueryParameters.limit(Optional.ofNullable(ctx.queryParam("limit"))),
                    Optional.ofNullable(ctx.queryParam("after")));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("members", page.members());
            body.put("next", page.next().orElse(null));
            ctx.json(body);
            return;
        }
        if (!format.equals("csv")) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "parameter format: \"" + format + "\" is not json or csv");
        }
        for (String pageParameter : List.of("limit", "after")) {
            if (ctx.queryParam(pageParameter) != null) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "parameter " + pageParameter
                        + ": format=csv streams all members at once and takes no " + pageParameter);
            }
        }
        catalog.get(id); // a missing segment is a 404 before the CSV headers are set
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"" + id.replaceAll("[^A-Za-z0-9_-]", "_")
                + "-members.csv\"");
        OutputStream out = ctx.res().getOutputStream();
        queries.writeMembersCsv(id, out);
        out.flush();
    }

    private void reachability(Context ctx) {
        Reach reach = queries.reachability(ctx.pathParam("id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", reach.total());
        body.put("email", reach.email());
        body.put("sms", reach.sms());
        body.put("push", reach.push());
        ctx.json(body);
    }

    private void user(Context ctx) {
        SegmentQueries.UserView view = queries.user(ctx.pathParam("userId"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("userId", view.profile().userId());
        body.put("traits", view.profile().traits());
        body.put("pushTokens", view.profile().pushTokens().stream().sorted().toList());
        body.put("segmentIds", view.segmentIds());
        ctx.json(body);
    }

    /**
     * A new static segment from a CSV member list: the body is the CSV ({@code text/csv}), or a
     * {@code multipart/form-data} form whose field {@value #FILE_FIELD} is the file. {@code name} and
     * {@code description} come from the query string (or from form fields of the same names).
     */
    private void importCsv(Context ctx) throws IOException {
        Upload upload = upload(ctx);
        String name = upload.field("name").orElseThrow(() -> new SegmentsException(
                SegmentsException.Code.INVALID_SEGMENT, "a static segment from a CSV upload needs a name:"
                + " give it as ?name=...", "$.name"));
        Segment body = new Segment(Optional.empty(), name, upload.field("description"), SegmentType.STATIC,
                Optional.empty(), upload.members(), Optional.empty(), Optional.empty());
        created(ctx, catalog.create(body));
    }

    /** Replaces the member list of a static segment by an uploaded CSV (body or form field as for the import). */
    private void replaceMembers(Context ctx) throws IOException {
        String id = ctx.pathParam("id");
        Segment old = catalog.get(id);
        if (old.type() != SegmentType.STATIC) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, old.quotedName() + " is a "
                    + old.type().json() + " segment: only a static segment has a member list to replace");
        }
        List<String> members = upload(ctx).members();
        Segment body = new Segment(Optional.empty(), old.name(), old.description(), SegmentType.STATIC,
                Optional.empty(), members, Optional.empty(), Optional.empty());
        segment(ctx, 200, catalog.update(id, body));
    }

    /** An uploaded member list and the fields that came with it. */
    private record Upload(List<String> members, Map<String, String> fields) {
        Optional<String> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    private static Upload upload(Context ctx) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : List.of("name", "description")) {
            String value = ctx.queryParam(name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        if (!ctx.isMultipartFormData()) {
            byte[] csv = Bodies.readLimited(ctx, MAX_CSV_BYTES);
            return new Upload(StaticMembers.fromCsv(new ByteArrayInputStream(csv)), fields);
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_CSV_BYTES) {
            throw Bodies.tooLarge(MAX_CSV_BYTES);
        }
        UploadedFile file;
        try {
            file = ctx.uploadedFile(FILE_FIELD);
            for (String name : List.of("name", "description")) {
                String value = ctx.formParam(name);
                if (value != null) {
                    fields.putIfAbsent(name, value);
                }
            }
        } catch (IllegalStateException e) {
            // Jetty's multipart parser refuses a part over the configured size this way
            throw Bodies.tooLarge(MAX_CSV_BYTES);
        }
        if (file == null) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "the multipart form has no file field \""
                    + FILE_FIELD + "\": send the CSV as the field " + FILE_FIELD + ", or as the body with Content-Type text/csv");
        }
        try (InputStream in = file.content()) {
            return new Upload(StaticMembers.fromCsv(in), fields);
        }
    }

    private static void created(Context ctx, Segment segment) {
        ctx.header("Location", "/api/segments/" + segment.id().orElseThrow());
        segment(ctx, 201, segment);
    }

    private static void segment(Context ctx, int status, Segment segment) {
        ctx.status(status).contentType("application/json").result(SegmentJson.write(segment));
    }
}
