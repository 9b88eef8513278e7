package io.segments.catalog;

import io.segments.catalog.internal.CatalogTables;
import io.segments.catalog.internal.SegmentIds;
import io.segments.model.Segment;
import io.segments.model.SegmentType;
import io.segments.model.SegmentValidator;
import io.segments.model.SegmentsException;
import io.segments.model.eval.SegmentLookup;
import io.segments.store.Store;
import io.segments.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The stored segments of one {@link Store}: create, read, update, delete, clone and search, with
 * the language's rules and the references between segments checked on every save.
 *
 * <ul>
 *   <li>The server assigns {@code id} ({@code sgm_} and eight base-36 characters), {@code createdAt}
 *       and {@code updatedAt} (to the millisecond); these fields in a request body are ignored,
 *       except that an update's body may only carry the id of the segment it updates.</li>
 *   <li>Every save validates the whole segment and its {@code inSegment} references: an unknown
 *       or cyclic reference fails with {@code invalid_segment} and the path of its key. A segment
 *       that another one's {@code inSegment} names cannot be deleted ({@code conflict}, naming them, with
 *       their ids in the detail {@code usedBy}).</li>
 *   <li>A static segment's members are kept as a set: duplicates are dropped and they are returned
 *       in ascending order.</li>
 *   <li>An update replaces name, description, type and filter or members; {@code createdAt} is
 *       kept (so a live segment keeps seeing events from its creation on). Any type change is
 *       allowed when the body is valid for the new type.</li>
 *   <li>Each save runs in one transaction, and saves are serialized, so a failed one stores
 *       nothing and the reference checks see the catalog as it is written.</li>
 * </ul>
 * Missing segments fail with {@code not_found}. Reads see every save that has returned.
 */
public final class SegmentCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentCatalog.class);
    private static final int MAX_NAME_LENGTH = 200;
    private static final String COPY_PREFIX = "Copy of ";

    private final Store store;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Object writeLock = new Object();
    /** Dynamic and live segments read since the last write ({@link #find}); guarded by itself for puts. */
    private final Map<String, Segment> definitions = new ConcurrentHashMap<>();
    /** Writes so far: a segment read across a write is not kept. */
    private final AtomicLong writes = new AtomicLong();

    /** Told about saved and deleted segments, e.g. to keep live segments' state current. */
    public interface Listener {
        /** {@code segment} was created or updated (as stored). */
        default void saved(Segment segment) {
        }

        /** {@code segment} (as it was stored) was deleted. */
        default void deleted(Segment segment) {
        }
    }

    /** The catalog of {@code store}, creating its tables if needed; times come from the system clock. */
    public SegmentCatalog(Store store) {
        this(store, Clock.systemUTC());
    }

    /** The catalog of {@code store}, creating its tables if needed; {@code clock} gives creation and update times. */
    public SegmentCatalog(Store store, Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.clock = requireNonNull(clock, "clock is null");
        store.migrate(CatalogTables.COMPONENT, CatalogTables.MIGRATIONS);
    }

    /**
     * Listeners are called after a save or delete has committed, one at a time in the order of the
     * saves; an exception a listener throws is logged, the save stands.
     */
    public void addListener(Listener listener) {
        listeners.add(requireNonNull(listener, "listener is null"));
    }

    /**
     * The segments whose name contains {@code nameContains} ignoring case (all when empty or absent),
     * newest first: by {@code createdAt} descending, then by id.
     */
    public List<Segment> list(Optional<String> nameContains) {
        requireNonNull(nameContains, "nameContains is null");
        Optional<String> q = nameContains.filter(s -> !s.isEmpty());
        return read(c -> CatalogTables.list(c, q, true));
    }

    /** The segment {@code id}; {@code not_found} when there is none. */
    public Segment get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The segment {@code id} when there is one. Dynamic and live segments are kept in memory once read (every
     * count reads its segment, and an {@code inSegment} the segment it names: a read of the catalog's tables costs
     * about a millisecond); every write through this catalog forgets them, and a segment read while a write was
     * under way is not kept. A static segment, with its member list, is read each time.
     */
    public Optional<Segment> find(String id) {
        requireNonNull(id, "id is null");
        Segment cached = definitions.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        long generation = writes.get();
        Optional<Segment> found = read(c -> CatalogTables.find(c, id));
        found.filter(segment -> segment.type() != SegmentType.STATIC).ifPresent(segment -> {
            synchronized (definitions) {
                if (writes.get() == generation) {
                    definitions.put(id, segment);
                }
            }
        });
        return found;
    }

    /** Forgets the segments kept in memory, after a write has committed. */
    private void forget() {
        synchronized (definitions) {
            writes.incrementAndGet();
            definitions.clear();
        }
    }

    /**
     * Finds segments in this catalog for {@code inSegment}: each call reads the catalog as it is
     * then, so evaluation sees every save that has returned.
     */
    public SegmentLookup lookup() {
        return this::find;
    }

    /** Stores a new segment under a new id and returns it as stored. */
    public Segment create(Segment body) {
        requireNonNull(body, "body is null");
        synchronized (writeLock) {
            Instant now = now();
            // a new segment: nothing can refer to it yet, so only unknown references can be wrong
            check(normalized(body, Optional.empty(), now, now));
            String id = write(c -> {
                String fresh;
                do {
                    fresh = SegmentIds.next();
                } while (CatalogTables.exists(c, fresh));
                CatalogTables.insert(c, normalized(body, Optional.of(fresh), now, now));
                return fresh;
            });
            Segment stored = get(id);
            notify(l -> l.saved(stored));
            return stored;
        }
    }

    /**
     * Replaces segment {@code id} by {@code body} (name, description, type, filter or members), keeping
     * its {@code createdAt}, and returns it as stored.
     */
    public Segment update(String id, Segment body) {
        requireNonNull(id, "id is null");
        requireNonNull(body, "body is null");
        synchronized (writeLock) {
            Segment old = get(id);
            if (body.id().isPresent() && !body.id().get().equals(id)) {
                throw SegmentsException.invalidSegment("the body is segment \"" + body.id().get()
                        + "\" but the request updates \"" + id + "\"", "$.id");
            }
            Instant now = now();
            Instant createdAt = old.createdAt().orElseThrow();
            Segment segment = normalized(body, Optional.of(id), createdAt, now.isBefore(createdAt) ? createdAt : now);
            check(segment);
            write(c -> {
                CatalogTables.update(c, segment);
                return null;
            });
            Segment stored = get(id);
            notify(l -> l.saved(stored));
            return stored;
        }
    }

    /** Deletes segment {@code id}; {@code conflict} while another segment's {@code inSegment} names it. */
    public void delete(String id) {
        requireNonNull(id, "id is null");
        synchronized (writeLock) {
            Segment old = get(id);
            List<Segment> users = new ArrayList<>();
            for (Segment other : read(c -> CatalogTables.list(c, Optional.empty(), false))) {
                if (other.filter().isPresent() && other.filter().get().referencedSegmentIds().contains(id)
                        && !other.id().orElseThrow().equals(id)) {
                    users.add(other);
                }
            }
            if (!users.isEmpty()) {
                throw usedBy(old, users);
            }
            write(c -> {
                CatalogTables.delete(c, id);
                return null;
            });
            notify(l -> l.deleted(old));
        }
    }

    /**
     * "“Frequent buyers” is used by “Win back” and 2 other segments": the segments whose {@code inSegment} names
     * {@code used} by name (the first by name order, all when there are two), and all of them as
     * {@code "usedBy": [{"id", "name"}]}.
     */
    private static SegmentsException usedBy(Segment used, List<Segment> users) {
        List<Segment> byName = new ArrayList<>(users);
        byName.sort(Comparator.comparing(Segment::name).thenComparing(s -> s.id().orElseThrow()));
        String names = switch (byName.size()) {
            case 1 -> byName.get(0).quotedName();
            case 2 -> byName.get(0).quotedName() + " and " + byName.get(1).quotedName();
            default -> byName.get(0).quotedName() + " and " + (byName.size() - 1) + " other segments";
        };
        List<Map<String, String>> usedBy = new ArrayList<>();
        for (Segment user : byName) {
            usedBy.add(Map.of("id", user.id().orElseThrow(), "name", user.name()));
        }
        return new SegmentsException(SegmentsException.Code.CONFLICT, used.quotedName() + " is used by " + names
                + ": remove it from " + (byName.size() == 1 ? "that segment" : "them") + " before deleting it", null,
                Map.of("usedBy", usedBy));
    }

    /**
     * A new segment named {@code Copy of NAME} (cut to 200 characters) with the description, type and
     * filter or members of segment {@code id}. A live copy sees events from its own creation on.
     */
    public Segment copy(String id) {
        requireNonNull(id, "id is null");
        synchronized (writeLock) {
            Segment original = get(id);
            String name = truncate(COPY_PREFIX + original.name());
            return create(new Segment(Optional.empty(), name, original.description(), original.type(),
                    original.filter(), original.members(), Optional.empty(), Optional.empty()));
        }
    }

    /**
     * The body validated as it was given (so that paths index its member list), then with the
     * server's id and times and its members as a set.
     */
    private static Segment normalized(Segment body, Optional<String> id, Instant createdAt, Instant updatedAt) {
        SegmentValidator.validate(body);
        List<String> members = new ArrayList<>(new TreeSet<>(body.members()));
        return new Segment(id, body.name(), body.description(), body.type(), body.filter(), members,
                Optional.of(createdAt), Optional.of(updatedAt));
    }

    /** Unknown and cyclic references against the catalog as stored. */
    private void check(Segment segment) {
        if (segment.type() != SegmentType.STATIC) {
            SegmentValidator.checkReferences(segment, lookup());
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String truncate(String name) {
        if (name.codePointCount(0, name.length()) <= MAX_NAME_LENGTH) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, MAX_NAME_LENGTH));
    }

    private static SegmentsException notFound(String id) {
        return new SegmentsException(SegmentsException.Code.NOT_FOUND, "no segment with id \"" + id + "\"");
    }

    private void notify(Consumer<Listener> call) {
        for (Listener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("a catalog listener failed", e);
            }
        }
    }

    /** Reads in one transaction, so that a segment and its members are one snapshot. */
    private <T> T read(Store.SqlFunction<T> work) {
        return transaction(work, "reading the segment catalog");
    }

    private <T> T write(Store.SqlFunction<T> work) {
        try {
            return transaction(work, "writing the segment catalog");
        } finally {
            forget();
        }
    }

    private <T> T transaction(Store.SqlFunction<T> work, String what) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
