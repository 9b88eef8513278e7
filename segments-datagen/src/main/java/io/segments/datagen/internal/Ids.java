package io.segments.datagen.internal;

import java.nio.charset.StandardCharsets;

/**
 * The identifiers of the data set, each written in one place: user ids {@code u1, u2, ...}, anonymous ids
 * {@code anon-} and 16 hex digits, 64-hex-digit push tokens, and UUID-shaped message ids made of the seed
 * tag, day, sequence number and user, hence unique by construction and the same in every output order.
 */
final class Ids {
    private static final long SALT_ANONYMOUS = 0xA7_0A7_0A7L;
    private static final long SALT_TOKEN = 0x70_4E7L;
    private static final byte[] ANON_PREFIX = "anon-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE_GROUP_4 = "-8000-".getBytes(StandardCharsets.US_ASCII);

    private Ids() {
    }

    public static void userId(ByteBuf out, int user) {
        out.raw('u').decimal(user + 1L);
    }

    /** Distinct users get distinct ids: {@link Rng#mix} is a bijection. */
    public static void anonymousId(ByteBuf out, long seedHash, int user) {
        out.raw(ANON_PREFIX).hex(Rng.mix(seedHash ^ SALT_ANONYMOUS ^ user), 16);
    }

    public static void pushToken(ByteBuf out, long seedHash, int user) {
        long h = Rng.mix(seedHash ^ SALT_TOKEN ^ user);
        out.hex(h, 16);
        for (int k = 0; k < 3; k++) {
            h = Rng.mix(h + 0x9E3779B97F4A7C15L);
            out.hex(h, 16);
        }
    }

    public static void messageId(ByteBuf out, int tag, int user, int daySeq) {
        out.hex(tag, 8).raw('-').hex(daySeq >>> 16, 4).raw('-').hex(daySeq & 0xFFFF, 4)
                .raw(MESSAGE_GROUP_4).hex(user, 12);
    }

    static String userId(int user) {
        ByteBuf b = new ByteBuf(16);
        userId(b, user);
        return ascii(b);
    }

    static String anonymousId(long seedHash, int user) {
        ByteBuf b = new ByteBuf(24);
        anonymousId(b, seedHash, user);
        return ascii(b);
    }

    static String pushToken(long seedHash, int user) {
        ByteBuf b = new ByteBuf(64);
        pushToken(b, seedHash, user);
        return ascii(b);
    }

    static String messageId(int tag, int user, int daySeq) {
        ByteBuf b = new ByteBuf(36);
        messageId(b, tag, user, daySeq);
        return ascii(b);
    }

    private static String ascii(ByteBuf b) {
        return new String(b.array(), 0, b.size(), StandardCharsets.US_ASCII);
    }
}
