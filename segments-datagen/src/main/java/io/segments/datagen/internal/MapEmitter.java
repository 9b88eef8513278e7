package io.segments.datagen.internal;

import io.segments.datagen.GeneratedMessage;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds {@link GeneratedMessage} objects; {@link #take()} returns the last completed one. */
public final class MapEmitter implements Emitter {
    private final Plan plan;
    private final Deque<Map<String, Object>> open = new ArrayDeque<>();
    private GeneratedMessage.Type type;
    private String userId;
    private String anonymousId;
    private String event;
    private Map<String, Object> fields;
    private boolean traits;
    private String pushToken;
    private long timestamp;
    private String messageId;
    private GeneratedMessage done;

    public MapEmitter(Plan plan) {
        this.plan = plan;
    }

    @Override
    public void begin(boolean identify) {
        type = identify ? GeneratedMessage.Type.IDENTIFY : GeneratedMessage.Type.TRACK;
        userId = null;
        anonymousId = null;
        event = null;
        fields = null;
        pushToken = null;
        messageId = null;
        done = null;
    }

    @Override
    public void userId(int user) {
        userId = Ids.userId(user);
    }

    @Override
    public void anonymousId(int user) {
        anonymousId = Ids.anonymousId(plan.seedHash, user);
    }

    @Override
    public void event(Text name) {
        event = name.value();
    }

    @Override
    public void beginFields(boolean isTraits) {
        traits = isTraits;
        fields = new LinkedHashMap<>();
        open.clear();
        open.push(fields);
    }

    private void put(Text key, Object value) {
        Map<String, Object> target = open.peek();
        if (target.put(key.value(), value) != null) {
            throw new IllegalStateException("field " + key + " written twice");
        }
    }

    @Override
    public void field(Text key, Text value) {
        put(key, value.value());
    }

    @Override
    public void field(Text key, String value) {
        put(key, value);
    }

    @Override
    public void field(Text key, int value) {
        put(key, value);
    }

    @Override
    public void field(Text key, boolean value) {
        put(key, value);
    }

    @Override
    public void cents(Text key, long cents) {
        put(key, cents / 100.0);
    }

    @Override
    public void beginObject(Text key) {
        Map<String, Object> nested = new LinkedHashMap<>();
        put(key, Collections.unmodifiableMap(nested));
        open.push(nested);
    }

    @Override
    public void endObject() {
        open.pop();
    }

    @Override
    public void endFields() {
        open.pop();
    }

    @Override
    public void pushToken(int user) {
        pushToken = Ids.pushToken(plan.seedHash, user);
    }

    @Override
    public void timestamp(long millis) {
        timestamp = millis;
    }

    @Override
    public void messageId(int user, int daySeq) {
        messageId = Ids.messageId(plan.idTag, user, daySeq);
    }

    @Override
    public void end() {
        Map<String, Object> f = Collections.unmodifiableMap(fields);
        done = new GeneratedMessage(type, messageId, userId, anonymousId, event, timestamp,
                traits ? Map.of() : f, traits ? f : Map.of(), pushToken);
    }

    public GeneratedMessage take() {
        if (done == null) {
            throw new IllegalStateException("no completed message");
        }
        GeneratedMessage m = done;
        done = null;
        return m;
    }
}
