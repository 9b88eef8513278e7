package io.segments.live.internal;

import io.segments.model.FieldTest;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A condition that reads events ({@code did}, {@code didNot}'s {@code did}, {@code sequence}). Its
 * per-user state lives in the segment's leaf array at {@link #slot}; it only ever sees events named
 * in its steps that pass the step's filters and have {@code timestamp >= visibleFrom}.
 */
abstract class EventLeaf extends Node {
    /** A step's {@code within} when it has none. */
    static final long NO_WITHIN = -1;

    final int slot;
    final long visibleFrom;
    /** Per step: the event name and its filters (leaves with equal filters share one test per event). */
    final List<String> stepEvents;
    final List<List<FieldTest>> stepWheres;

    EventLeaf(int slot, long visibleFrom, List<String> stepEvents, List<List<FieldTest>> stepWheres) {
        this.slot = slot;
        this.visibleFrom = visibleFrom;
        this.stepEvents = List.copyOf(stepEvents);
        this.stepWheres = List.copyOf(stepWheres);
    }

    /**
     * Takes in an event that matches the steps in {@code stepMask} (bit i: step i) and returns the
     * new state ({@code state} may be null: empty). Events before {@link #visibleFrom} must be ignored.
     */
    abstract Object onEvent(Object state, long timestamp, long stepMask, Map<String, Object> properties);

    /** How many events or instants the state keeps (for statistics). */
    abstract int retained(Object state);

    abstract void write(Object state, DataOutputStream out) throws IOException;

    abstract Object read(DataInputStream in) throws IOException;
}
