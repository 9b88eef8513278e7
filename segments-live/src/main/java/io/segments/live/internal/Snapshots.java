package io.segments.live.internal;

import io.segments.live.ChangeListener;
import io.segments.live.LiveSegment;
import io.segments.model.Segment;
import io.segments.model.eval.Event;
import io.segments.model.eval.SegmentLookup;
import io.segments.model.json.SegmentJson;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The live engine's snapshot format: the clock, the trait names, the segments (each with the segments it names,
 * as resolved at registration) and every user's state (traits, push token, then per segment the user is a member
 * of, has a timer for, keeps state for or has changed in: membership, next check, last change instant and leaf
 * states; then the held events). Version 2 added the last change instant; version 1 snapshots are still read.
 */
final class Snapshots {
    private static final String MAGIC = "segments-live-snapshot";
    private static final int VERSION = 2;

    private Snapshots() {
    }

    /** Writes the whole state of {@code p}. Buffers internally; flushes but does not close {@code stream}. */
    static void write(Processor p, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 16));
        Codec.writeString(out, MAGIC);
        out.writeInt(VERSION);
        out.writeLong(p.clock());
        out.writeInt(p.traitNames.size());
        for (String name : p.traitNames) {
            Codec.writeString(out, name);
        }
        List<Integer> live = new ArrayList<>();
        for (int slot = 0; slot < p.slots.size(); slot++) {
            if (p.slots.get(slot) != null) {
                live.add(slot);
            }
        }
        out.writeInt(live.size());
        for (int slot : live) {
            CompiledSegment s = p.slots.get(slot);
            Codec.writeString(out, s.id());
            out.writeLong(s.segment.createdAt().toEpochMilli());
            Codec.writeString(out, SegmentJson.write(s.segment.filter()));
            out.writeInt(s.references.size());
            for (Segment reference : s.references) {
                Codec.writeString(out, SegmentJson.write(reference));
            }
        }
        out.writeInt(p.users.size());
        for (UserState user : p.users.values()) {
            Codec.writeString(out, user.id);
            int traits = 0;
            for (Object value : user.traits) {
                if (value != null) {
                    traits++;
                }
            }
            out.writeInt(traits);
            for (int i = 0; i < user.traits.length; i++) {
                if (user.traits[i] != null) {
                    out.writeInt(i);
                    Codec.writeValue(out, user.traits[i]);
                }
            }
            out.writeBoolean(user.pushToken);
            // only the segments the user is a member of, has a timer for, or keeps state for
            int kept = 0;
            for (int slot : live) {
                if (keepsSomething(p, user, slot)) {
                    kept++;
                }
            }
            out.writeInt(kept);
            for (int index = 0; index < live.size(); index++) {
                int slot = live.get(index);
                if (!keepsSomething(p, user, slot)) {
                    continue;
                }
                CompiledSegment segment = p.slots.get(slot);
                out.writeInt(index);
                out.writeBoolean(user.isMember(slot));
                out.writeLong(user.nextCheck(slot));
                out.writeLong(user.changedAt(slot));
                for (EventLeaf leaf : segment.leaves) {
                    int i = segment.base + leaf.slot;
                    Object state = i < user.leaves.length ? user.leaves[i] : null;
                    out.writeBoolean(state != null);
                    if (state != null) {
                        leaf.write(state, out);
                    }
                }
            }
            List<Event> pending = user.pending == null ? List.of() : user.pending;
            out.writeInt(pending.size());
            for (Event e : pending) {
                Codec.writeString(out, e.name());
                out.writeLong(e.timestamp());
                Codec.writeValue(out, e.properties());
            }
        }
        out.flush();
    }

    private static boolean keepsSomething(Processor p, UserState user, int slot) {
        CompiledSegment segment = p.slots.get(slot);
        return user.isMember(slot) || user.nextCheck(slot) != Long.MAX_VALUE
                || user.changedAt(slot) != Long.MIN_VALUE || user.keepsLeaves(segment.base, segment.leaves.size());
    }

    /**
     * Reads a snapshot written by {@link #write}. Its segments are compiled again from the stored definitions and
     * the stored named segments, so the restored engine is the one that was saved, whatever the lookup holds now;
     * {@code lookup} serves later registrations.
     */
    @SuppressWarnings("unchecked")
    static Processor read(InputStream stream, SegmentLookup lookup, ChangeListener listener) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(stream, 1 << 16));
        String magic = Codec.readString(in);
        if (!MAGIC.equals(magic)) {
            throw new IOException("not a live engine snapshot");
        }
        int version = in.readInt();
        if (version != VERSION && version != 1) {
            throw new IOException("live engine snapshot version " + version + ", this engine reads 1 and " + VERSION);
        }
        Processor p = new Processor(in.readLong(), lookup, listener);
        int traitCount = in.readInt();
        for (int i = 0; i < traitCount; i++) {
            p.traitSlot(Codec.readString(in));
        }
        int segmentCount = in.readInt();
        for (int index = 0; index < segmentCount; index++) {
            String id = Codec.readString(in);
            Instant createdAt = Instant.ofEpochMilli(in.readLong());
            LiveSegment segment = new LiveSegment(id, SegmentJson.readCondition(Codec.readString(in), "$.filter"),
                    createdAt);
            Map<String, Segment> references = new HashMap<>();
            int referenceCount = in.readInt();
            for (int i = 0; i < referenceCount; i++) {
                Segment s = SegmentJson.readSegment(Codec.readString(in));
                references.put(s.id().orElseThrow(), s);
            }
            CompiledSegment compiled = Compiler.compile(segment, ref -> Optional.ofNullable(references.get(ref)),
                    p::traitSlot);
            compiled.base = p.leafEnd;
            p.leafEnd += compiled.leaves.size();
            p.slots.add(compiled);
            p.slotById.put(id, index);
        }
        p.rebuildProgram();
        int userCount = in.readInt();
        for (int u = 0; u < userCount; u++) {
            UserState user = new UserState(Codec.readString(in));
            int traits = in.readInt();
            for (int i = 0; i < traits; i++) {
                int slot = in.readInt();
                user.setTrait(slot, Codec.readValue(in));
            }
            user.pushToken = in.readBoolean();
            int kept = in.readInt();
            for (int k = 0; k < kept; k++) {
                int slot = in.readInt();
                if (slot < 0 || slot >= segmentCount) {
                    throw new IOException("corrupt snapshot: segment index " + slot + " of " + segmentCount);
                }
                user.setMember(slot, in.readBoolean());
                user.setNextCheck(slot, in.readLong());
                if (version >= 2) {
                    user.setChangedAt(slot, in.readLong());
                }
                CompiledSegment segment = p.slots.get(slot);
                for (EventLeaf leaf : segment.leaves) {
                    if (in.readBoolean()) {
                        int i = segment.base + leaf.slot;
                        user.leaves(i + 1)[i] = leaf.read(in);
                    }
                }
            }
            int pending = in.readInt();
            for (int i = 0; i < pending; i++) {
                String name = Codec.readString(in);
                long ts = in.readLong();
                user.addPending(new Event(name, ts, (Map<String, Object>) Codec.readValue(in)));
            }
            p.users.put(user.id, user);
            p.reschedule(user);
        }
        return p;
    }
}
