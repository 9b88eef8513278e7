package io.segments.datagen.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/** Writes messages as compact JSON into a {@link ByteBuf}, one after the other. */
public final class JsonEmitter implements Emitter {
    private static final byte[] IDENTIFY = bytes("{\"type\":\"identify\"");
    private static final byte[] TRACK = bytes("{\"type\":\"track\"");
    private static final byte[] USER_ID = bytes(",\"userId\":\"");
    private static final byte[] ANONYMOUS_ID = bytes(",\"anonymousId\":\"");
    private static final byte[] EVENT = bytes(",\"event\":");
    private static final byte[] TRAITS = bytes(",\"traits\":{");
    private static final byte[] PROPERTIES = bytes(",\"properties\":{");
    private static final byte[] TOKEN = bytes(",\"context\":{\"device\":{\"token\":\"");
    private static final byte[] TOKEN_END = bytes("\"}}");
    private static final byte[] TIMESTAMP = bytes(",\"timestamp\":\"");
    private static final byte[] MESSAGE_ID = bytes(",\"messageId\":\"");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");

    private final Plan plan;
    private final ByteBuf out;
    private boolean first;
    private long cachedEpochDay = Long.MIN_VALUE;
    private byte[] cachedDate;

    public JsonEmitter(Plan plan, ByteBuf out) {
        this.plan = plan;
        this.out = out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void comma() {
        if (first) {
            first = false;
        } else {
            out.raw(',');
        }
    }

    @Override
    public void begin(boolean identify) {
        out.raw(identify ? IDENTIFY : TRACK);
    }

    @Override
    public void userId(int user) {
        out.raw(USER_ID);
        Ids.userId(out, user);
        out.raw('"');
    }

    @Override
    public void anonymousId(int user) {
        out.raw(ANONYMOUS_ID);
        Ids.anonymousId(out, plan.seedHash, user);
        out.raw('"');
    }

    @Override
    public void event(Text name) {
        out.raw(EVENT).raw(name.json());
    }

    @Override
    public void beginFields(boolean traits) {
        out.raw(traits ? TRAITS : PROPERTIES);
        first = true;
    }

    @Override
    public void field(Text key, Text value) {
        comma();
        out.raw(key.asKey()).raw(value.json());
    }

    @Override
    public void field(Text key, String value) {
        comma();
        out.raw(key.asKey()).string(value);
    }

    @Override
    public void field(Text key, int value) {
        comma();
        out.raw(key.asKey()).decimal(value);
    }

    @Override
    public void field(Text key, boolean value) {
        comma();
        out.raw(key.asKey()).raw(value ? TRUE : FALSE);
    }

    @Override
    public void cents(Text key, long cents) {
        comma();
        out.raw(key.asKey()).cents(cents);
    }

    @Override
    public void beginObject(Text key) {
        comma();
        out.raw(key.asKey()).raw('{');
        first = true;
    }

    @Override
    public void endObject() {
        out.raw('}');
        first = false;
    }

    @Override
    public void endFields() {
        out.raw('}');
    }

    @Override
    public void pushToken(int user) {
        out.raw(TOKEN);
        Ids.pushToken(out, plan.seedHash, user);
        out.raw(TOKEN_END);
    }

    @Override
    public void timestamp(long millis) {
        out.raw(TIMESTAMP);
        long epochDay = Math.floorDiv(millis, Plan.DAY_MS);
        if (epochDay != cachedEpochDay) {
            byte[] date = plan.dateBytes(epochDay);
            cachedDate = date != null ? date : LocalDate.ofEpochDay(epochDay).toString().getBytes(StandardCharsets.US_ASCII);
            cachedEpochDay = epochDay;
        }
        int ms = (int) Math.floorMod(millis, Plan.DAY_MS);
        out.raw(cachedDate).raw('T')
                .padded(ms / 3_600_000, 2).raw(':')
                .padded(ms / 60_000 % 60, 2).raw(':')
                .padded(ms / 1000 % 60, 2).raw('.')
                .padded(ms % 1000, 3).raw('Z').raw('"');
    }

    @Override
    public void messageId(int user, int daySeq) {
        out.raw(MESSAGE_ID);
        Ids.messageId(out, plan.idTag, user, daySeq);
        out.raw('"');
    }

    @Override
    public void end() {
        out.raw('}');
    }
}
