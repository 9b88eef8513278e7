package io.segments.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.catalog.internal.CatalogTables;
import io.segments.catalog.internal.Csv;
import io.segments.catalog.internal.Cursors;
import io.segments.engine.ConnectionSource;
import io.segments.engine.Reach;
import io.segments.engine.SegmentEngine;
import io.segments.model.Condition;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentValidator;
import io.segments.model.SegmentsException;
import io.segments.model.eval.Event;
import io.segments.model.eval.Profile;
import io.segments.model.eval.ReferenceEvaluator;
import io.segments.model.json.SegmentJson;
import io.segments.store.Store;
import org.roaringbitmap.RoaringBitmap;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Evaluation of stored segments and of unsaved filters over the store's users and events, at the
 * request time or at an {@code asOf} time. Nothing is cached: every call evaluates afresh on the
 * committed data, so it reflects every event acknowledged before it.
 *
 * <p>Membership by type, the same as the engine's and the reference evaluator's {@code inSegment}:
 * <ul>
 *   <li>dynamic: the filter over all events up to {@code now};</li>
 *   <li>live: the filter over the events from the segment's {@code createdAt} up to {@code now};</li>
 *   <li>static: the listed ids that are users of the store now (not merged into another user). An
 *       id listed before its user is first seen becomes a member when it is; an anonymous id that
 *       has been merged into an identified user is not that user's id and does not match.</li>
 * </ul>
 * Users are those of the store now, with their current traits, whatever {@code asOf} is; {@code asOf}
 * only hides the events after it. An {@code asOf} after now is now ({@link #evaluationInstant}): nothing after
 * now is known, so a later instant would only let windows run past every event. Every answer carries the
 * instant it was evaluated at.
 */
public final class SegmentQueries {
    /** Ids read per query when streaming all members: at least this many, and at most about 20 queries. */
    private static final int CSV_CHUNK = 10_000;
    private static final int CSV_QUERIES = 20;
    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private final Store store;
    private final SegmentCatalog catalog;
    private final SegmentEngine engine;
    private final Clock clock;

    /** Queries on {@code catalog}'s segments over {@code store}, at the system clock's time. */
    public SegmentQueries(Store store, SegmentCatalog catalog) {
        this(store, catalog, Clock.systemUTC());
    }

    /**
     * Queries on {@code catalog}'s segments over {@code store}; {@code clock} gives {@code now}
     * when no asOf is given.
     */
    public SegmentQueries(Store store, SegmentCatalog catalog, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.engine = new SegmentEngine(ConnectionSource.of(store));
    }

    /** A segment's member count at a time. */
    public record Count(long count, Instant asOf) {
        public Count {
            requireNonNull(asOf, "asOf is null");
        }
    }

    /**
     * A page of member ids in ascending order (by Unicode code point) and the cursor of the next
     * page, empty when this page is the last.
     */
    public record MemberPage(List<String> members, Optional<String> next) {
        public MemberPage {
            members = List.copyOf(requireNonNull(members, "members is null"));
            requireNonNull(next, "next is null");
        }
    }

    /** A user's profile (its id, traits and push tokens) and the ids of the segments it is in, newest segment first. */
    public record UserView(Profile profile, List<String> segmentIds) {
        public UserView {
            requireNonNull(profile, "profile is null");
            segmentIds = List.copyOf(requireNonNull(segmentIds, "segmentIds is null"));
        }
    }

    /**
     * The instant an evaluation asked for at {@code asOf} is made at: {@code asOf} itself when it is not after
     * now; now when it is absent or later. Every evaluation of this class reads its instant here.
     */
    public Instant evaluationInstant(Optional<Instant> asOf) {
        requireNonNull(asOf, "asOf is null");
        Instant now = now();
        return asOf.filter(at -> !at.isAfter(now)).orElse(now);
    }

    /**
     * The member count of an unsaved filter, evaluated like a dynamic segment at {@code asOf} (see
     * {@link #evaluationInstant}), and that instant. Errors in the filter name paths below {@code $.filter}.
     */
    public Count preview(Condition filter, Optional<Instant> asOf) {
        requireNonNull(filter, "filter is null");
        SegmentValidator.validate(filter, "$.filter");
        SegmentValidator.checkReferences(filter, "$.filter", Optional.empty(), catalog.lookup());
        Instant at = evaluationInstant(asOf);
        return new Count(engine.count(filter, at, catalog.lookup(), Optional.empty()), at);
    }

    /**
     * The preview request body {@code {"filter": C, "asOf"?: T}} (read it with
     * {@link SegmentJson#readTree(byte[])} to keep numbers exact): an unknown key or a bad {@code asOf}
     * fails with {@code invalid_request}, a bad filter with {@code invalid_segment}, each with its path.
     */
    public Count preview(JsonNode body) {
        requireNonNull(body, "body is null");
        if (!body.isObject()) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST,
                    "a preview request is an object {\"filter\": ..., \"asOf\": ...}", "$");
        }
        Iterator<String> keys = body.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("filter") && !key.equals("asOf")) {
                throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "unknown key \"" + key
                        + "\" in a preview request: expected filter and optionally asOf", keyPath(key));
            }
        }
        if (!body.has("filter")) {
            throw SegmentsException.invalidSegment("a preview request needs a filter", "$.filter");
        }
        Condition filter = SegmentJson.readCondition(body.get("filter"), "$.filter");
        Optional<Instant> asOf = QueryParameters.asOfField(body);
        return preview(filter, asOf);
    }

    /** How many members segment {@code id} has at {@code asOf} (see {@link #evaluationInstant}), and that time. */
    public Count count(String id, Optional<Instant> asOf) {
        Instant at = evaluationInstant(asOf);
        Segment segment = catalog.get(id);
        // a dynamic or live segment is counted in the database, no member fetched
        long count = switch (segment.type()) {
            case DYNAMIC -> engine.count(filter(segment), at, catalog.lookup(), Optional.empty());
            case LIVE -> engine.count(filter(segment), at, catalog.lookup(), segment.createdAt());
            default -> memberUids(segment, at).getLongCardinality();
        };
        return new Count(count, at);
    }

    /** The most segments one {@link #counts} call counts. */
    public static final int MAX_COUNTS = SegmentEngine.MAX_BATCH;

    /**
     * How many members each of segments {@code ids} has at {@code asOf} (see {@link #evaluationInstant}), all at
     * the same instant, in the order given. The
     * dynamic segments are counted together in one query sharing its pass over the events (a batch costs about
     * one count); static and live segments one by one. {@code not_found} names the first unknown id and its
     * place {@code $.ids[i]}.
     */
    public List<Count> counts(List<String> ids, Optional<Instant> asOf) {
        requireNonNull(ids, "ids is null");
        if (ids.size() > MAX_COUNTS) {
            throw new SegmentsException(SegmentsException.Code.INVALID_REQUEST, "at most " + MAX_COUNTS
                    + " segments are counted at once, not " + ids.size(), "$.ids");
        }
        Instant at = evaluationInstant(asOf);
        List<Segment> segments = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            String id = requireNonNull(ids.get(i), "an id is null");
            int index = i;
            segments.add(catalog.find(id).orElseThrow(() -> new SegmentsException(SegmentsException.Code.NOT_FOUND,
                    "no segment with id \"" + id + "\"", "$.ids[" + index + "]")));
        }
        long[] counts = new long[segments.size()];
        List<Integer> dynamic = new ArrayList<>();
        List<Condition> filters = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            if (segment.type() == SegmentType.DYNAMIC) {
                dynamic.add(i);
                filters.add(filter(segment));
            } else {
                counts[i] = memberUids(segment, at).getLongCardinality();
            }
        }
        long[] batch = engine.counts(filters, at, catalog.lookup());
        for (int k = 0; k < batch.length; k++) {
            counts[dynamic.get(k)] = batch[k];
        }
        List<Count> result = new ArrayList<>(counts.length);
        for (long count : counts) {
            result.add(new Count(count, at));
        }
        return result;
    }

    /**
     * The members of segment {@code id} now, {@code limit} (1 to {@value QueryParameters#MAX_LIMIT}) at
     * a time, after the cursor {@code after} that the previous page returned. Following the cursors
     * from no cursor on lists every member once, in ascending order (each page is evaluated when it
     * is asked for, so users who enter or leave meanwhile may be in or out of later pages).
     */
    public MemberPage members(String id, int limit, Optional<String> after) {
        requireNonNull(after, "after is null");
        QueryParameters.checkLimit(limit);
        Optional<String> afterId = after.map(a -> Cursors.decode(a, "after"));
        RoaringBitmap members = memberUids(catalog.get(id), now());
        List<String> page = engine.userIds(members, afterId, limit + 1);
        if (page.size() <= limit) {
            return new MemberPage(page, Optional.empty());
        }
        List<String> kept = page.subList(0, limit);
        return new MemberPage(kept, Optional.of(Cursors.encode(kept.get(limit - 1))));
    }

    /**
     * Writes all members of segment {@code id} now as CSV in UTF-8: the header {@code userId}, then one
     * id per line in ascending order ({@code \n} line ends, quoted where CSV needs it). Flushes, does
     * not close {@code out}. Returns how many ids were written. A missing segment fails before anything
     * is written.
     */
    public long writeMembersCsv(String id, OutputStream out) throws IOException {
        requireNonNull(out, "out is null");
        RoaringBitmap members = memberUids(catalog.get(id), now());
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(StaticMembers.HEADER);
        w.write('\n');
        long written = 0;
        int chunkSize = (int) Math.max(CSV_CHUNK, members.getLongCardinality() / CSV_QUERIES + 1);
        Optional<String> after = Optional.empty();
        while (written < members.getLongCardinality()) {
            List<String> chunk = engine.userIds(members, after, chunkSize);
            for (String userId : chunk) {
                w.write(Csv.field(userId));
                w.write('\n');
            }
            written += chunk.size();
            if (chunk.size() < chunkSize) {
                break;
            }
            after = Optional.of(chunk.get(chunk.size() - 1));
        }
        w.flush();
        return written;
    }

    /** How many members segment {@code id} has now, and how many of them are reachable on each channel. */
    public Reach reachability(String id) {
        return engine.reach(memberUids(catalog.get(id), now()));
    }

    /**
     * The members of segment {@code id} at {@code asOf} (see {@link #evaluationInstant}) as the store's dense
     * {@code uid}s, for features that work on a segment's users (campaigns, reports).
     */
    public RoaringBitmap memberUids(String id, Optional<Instant> asOf) {
        return memberUids(catalog.get(id), evaluationInstant(asOf));
    }

    /**
     * How the member list {@code listed} (a static segment's list being written) counts now: its users and why the
     * other ids are not (duplicates, never seen, merged into another user), the rule of a static segment's count.
     * Errors name paths below {@code $.members}.
     */
    public MemberBreakdown memberBreakdown(List<String> listed) {
        requireNonNull(listed, "listed is null");
        Set<String> distinct = new LinkedHashSet<>();
        Set<String> repeated = new TreeSet<>();
        for (int i = 0; i < listed.size(); i++) {
            String id = listed.get(i);
            if (id == null || id.isEmpty()) {
                throw SegmentsException.invalidSegment("a member id must not be empty", "$.members[" + i + "]");
            }
            if (!distinct.add(id)) {
                repeated.add(id);
            }
        }
        List<String> duplicateSample = repeated.stream().limit(MemberBreakdown.SAMPLE).toList();
        return store.withConnection(c -> CatalogTables.classify(c, distinct, listed.size(),
                listed.size() - distinct.size(), duplicateSample));
    }

    /**
     * How static segment {@code id}'s stored list counts now (see {@link #memberBreakdown(List)}); its {@code users}
     * is the segment's count. {@code conflict} for a segment that is not static.
     */
    public MemberBreakdown memberBreakdown(String id) {
        Segment segment = catalog.get(id);
        if (segment.type() != SegmentType.STATIC) {
            throw new SegmentsException(SegmentsException.Code.CONFLICT, "segment " + id + " is "
                    + segment.type().json() + ": only a static segment has a member list");
        }
        return store.withConnection(c -> CatalogTables.classifyMembers(c, id));
    }

    /**
     * The user that {@code userId} (a user id or an anonymous id) belongs to, and the segments it is in
     * now; {@code not_found} for an id never seen. The user's events are read once and every segment
     * is decided for this user alone by the language's {@link ReferenceEvaluator} (the meaning the
     * engine is tested against), so the cost is one read of the user's events, not one evaluation of
     * every segment over all users.
     */
    public UserView user(String userId) {
        requireNonNull(userId, "userId is null");
        Instant now = now();
        Optional<Map.Entry<Integer, String>> user = store.withConnection(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT u.uid, u.user_id FROM identities i"
                    + " JOIN users u ON u.uid = i.uid WHERE i.external_id = ? AND u.merged_into IS NULL")) {
                p.setString(1, userId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(Map.entry(rs.getInt(1), rs.getString(2))) : Optional.empty();
                }
            }
        });
        SegmentsException notFound = new SegmentsException(SegmentsException.Code.NOT_FOUND,
                "no user with id \"" + userId + "\"");
        int uid = user.orElseThrow(() -> notFound).getKey();
        Profile profile = store.profile(user.get().getValue()).orElseThrow(() -> notFound);
        // one user: the reference evaluator over this user's events decides every segment, in memory
        List<Event> events = store.events(uid);
        ReferenceEvaluator reference = new ReferenceEvaluator(catalog.lookup());
        List<String> segmentIds = new ArrayList<>();
        for (Segment segment : catalog.list(Optional.empty())) {
            if (reference.isMember(segment, profile, events, now)) {
                segmentIds.add(segment.id().orElseThrow());
            }
        }
        return new UserView(profile, segmentIds);
    }

    private RoaringBitmap memberUids(Segment segment, Instant now) {
        String id = segment.id().orElseThrow();
        switch (segment.type()) {
            case STATIC:
                return store.withConnection(c -> CatalogTables.knownMemberUids(c, id));
            case DYNAMIC:
                return engine.members(filter(segment), now, catalog.lookup(), Optional.empty());
            case LIVE:
                return engine.members(filter(segment), now, catalog.lookup(), segment.createdAt());
            default:
                throw new IllegalStateException("segment type without a meaning: " + segment.type());
        }
    }

    /** The path of a top-level key, written as the model writes paths ({@code $.key} or {@code $['odd key']}). */
    private static String keyPath(String key) {
        if (PLAIN_KEY.matcher(key).matches()) {
            return "$." + key;
        }
        return "$['" + key.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    private static Condition filter(Segment segment) {
        return segment.filter().orElseThrow(() -> new IllegalStateException("stored " + segment.type().json()
                + " segment " + segment.id().orElseThrow() + " has no filter"));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
