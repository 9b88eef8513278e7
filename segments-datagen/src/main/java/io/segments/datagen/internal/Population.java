package io.segments.datagen.internal;

/**
 * The compact state of a block of users (about 20 bytes each): who they are as far as timing and
 * reachability go. Everything is a pure function of (seed, user index), so a block can be derived
 * anywhere; identify traits are derived from it and a second stream when rendered ({@link Persona}).
 */
public final class Population {
    static final int ANONYMOUS = 1;
    static final int CONVERTS = 2;
    static final int HAS_TOKEN = 4;
    static final int PRE_WINDOW = 8;
    static final int OPTS_OUT_LATER = 16;

    /** {@link #reach} bits: e-mail kind in bits 0-1, phone kind in bits 2-3 (see the KIND constants). */
    static final int KIND_NONE = 0;
    static final int KIND_VALID = 1;
    static final int KIND_INVALID = 2;
    static final int EMAIL_OPT_OUT = 16;
    static final int SMS_OPT_OUT = 32;
    static final int PUSH_OPT_OUT = 64;
    /** {@link #reach} bit: the user has traits {@code emailOptOut}/{@code smsOptOut}/{@code pushOptOut} at all. */
    static final int HAS_PUSH_TRAIT = 128;

    static final int MOBILE = 0;
    static final int DESKTOP = 1;
    static final int TABLET = 2;
    static final int ANDROID = 0;
    static final int IOS = 1;
    static final int WINDOWS = 2;
    static final int MACOS = 3;
    static final int LINUX = 4;

    private static final long SALT_USER = 0x05E7_0001L;
    private static final int[] DEVICE_TYPE = Rng.cumulative(62, 30, 8);
    /** Personal activity multipliers, mean 1 (the table sums to 16). */
    private static final double[] MULTIPLIER = {0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85,
            0.95, 1.05, 1.2, 1.35, 1.55, 1.8, 2.2, 2.93};
    private static final int[] ANONYMOUS_ARCHETYPES = {
            Archetype.CASUAL_BROWSER.ordinal(), Archetype.CASUAL_BROWSER.ordinal(), Archetype.CASUAL_BROWSER.ordinal(),
            Archetype.REGULAR.ordinal(), Archetype.CART_ABANDONER.ordinal()};

    final int first;
    final int size;
    final byte[] archetype;
    final byte[] flags;
    final byte[] city;
    final byte[] device;
    final byte[] reach;
    final byte[] favourite;
    final short[] from;
    final short[] to;
    final short[] special;
    final short[] optOutDay;
    final float[] rate;

    private Population(int first, int size) {
        this.first = first;
        this.size = size;
        archetype = new byte[size];
        flags = new byte[size];
        city = new byte[size];
        device = new byte[size];
        reach = new byte[size];
        favourite = new byte[size * 2];
        from = new short[size];
        to = new short[size];
        special = new short[size];
        optOutDay = new short[size];
        rate = new float[size];
    }

    /** Derives users {@code [first, first + size)}. */
    static Population derive(Plan plan, int first, int size) {
        Population p = new Population(first, size);
        Rng rng = new Rng();
        for (int i = 0; i < size; i++) {
            p.deriveOne(plan, rng.reseed(Rng.key(plan.seedHash, SALT_USER, first + i)), i);
        }
        return p;
    }

    private void deriveOne(Plan plan, Rng rng, int i) {
        int days = plan.days;
        Archetype kind = Archetype.pick(rng);
        int f = 0;
        boolean anonymous = rng.chance(0.06);
        if (anonymous) {
            kind = Archetype.of(ANONYMOUS_ARCHETYPES[rng.nextInt(ANONYMOUS_ARCHETYPES.length)]);
        }
        int c = Geography.city(rng);
        Geography.Country country = Geography.countryOfCity(c);
        int type = rng.pick(DEVICE_TYPE);
        int os;
        int browser;
        if (type == DESKTOP) {
            int r = rng.nextInt(100);
            os = r < country.macPercent ? MACOS : r < 94 ? WINDOWS : LINUX;
        } else {
            int ios = type == TABLET ? Math.min(90, country.iosPercent + 15) : country.iosPercent;
            os = rng.nextInt(100) < ios ? IOS : ANDROID;
        }
        int r = rng.nextInt(100);
        switch (os) {
            case IOS -> browser = r < 85 ? Browser.SAFARI : Browser.CHROME;
            case ANDROID -> browser = r < 80 ? Browser.CHROME : r < 92 ? Browser.SAMSUNG : r < 96 ? Browser.FIREFOX : Browser.OPERA;
            case WINDOWS -> browser = r < 68 ? Browser.CHROME : r < 90 ? Browser.EDGE : Browser.FIREFOX;
            case MACOS -> browser = r < 50 ? Browser.SAFARI : r < 95 ? Browser.CHROME : Browser.FIREFOX;
            default -> browser = r < 55 ? Browser.CHROME : Browser.FIREFOX;
        }
        boolean token = type != DESKTOP && rng.chance(0.75);
        double multiplier = MULTIPLIER[rng.nextInt(MULTIPLIER.length)];
        int fav1;
        int fav2;
        if (kind.premium) {
            fav1 = Catalog.PREMIUM[rng.nextInt(Catalog.PREMIUM.length)];
            fav2 = Catalog.PREMIUM[rng.nextInt(Catalog.PREMIUM.length)];
        } else {
            fav1 = Catalog.popularCategory(rng);
            fav2 = Catalog.popularCategory(rng);
        }

        int flag = token ? HAS_TOKEN : 0;
        int t = days;
        int s = -1;
        if (anonymous) {
            flag |= ANONYMOUS;
            f = rng.nextInt(days);
            if (days - f >= 2 && rng.chance(0.5)) {
                flag |= CONVERTS;
                s = f + 1 + rng.nextInt(days - f - 1);
            }
        } else if (kind == Archetype.NEW_USER && days >= 2) {
            s = days - 1 - rng.nextInt(Math.min(days - 1, 45));
            f = s;
        } else {
            flag |= PRE_WINDOW;
            if (kind == Archetype.LAPSED) {
                t = Math.max(1, days - 31 - rng.nextInt(21));
            }
        }

        boolean identified = !anonymous || (flag & CONVERTS) != 0;
        int reachBits = 0;
        if (identified) {
            int er = rng.nextInt(100);
            int email = er < 4 ? KIND_NONE : er < 10 ? KIND_INVALID : KIND_VALID;
            int pr = rng.nextInt(100);
            int phone = pr < 12 ? KIND_NONE : pr < 19 ? KIND_INVALID : KIND_VALID;
            reachBits = email | phone << 2;
            if (email != KIND_NONE && rng.chance(0.08)) {
                reachBits |= EMAIL_OPT_OUT;
            }
            if (phone != KIND_NONE && rng.chance(0.10)) {
                reachBits |= SMS_OPT_OUT;
            }
            if (type != DESKTOP) {
                reachBits |= HAS_PUSH_TRAIT;
                if (rng.chance(0.12)) {
                    reachBits |= PUSH_OPT_OUT;
                }
            }
            int firstIdentified = (flag & PRE_WINDOW) != 0 ? 0 : s;
            if (email != KIND_NONE && (reachBits & EMAIL_OPT_OUT) == 0 && t - 1 > firstIdentified && rng.chance(0.04)) {
                flag |= OPTS_OUT_LATER;
                reachBits |= EMAIL_OPT_OUT;
                optOutDay[i] = (short) (firstIdentified + 1 + rng.nextInt(t - 1 - firstIdentified));
            } else {
                optOutDay[i] = -1;
            }
        } else {
            optOutDay[i] = -1;
        }

        archetype[i] = (byte) kind.ordinal();
        flags[i] = (byte) flag;
        city[i] = (byte) c;
        device[i] = (byte) (type | os << 2 | browser << 5);
        reach[i] = (byte) reachBits;
        favourite[2 * i] = (byte) fav1;
        favourite[2 * i + 1] = (byte) fav2;
        from[i] = (short) f;
        to[i] = (short) t;
        special[i] = (short) s;
        rate[i] = (float) (kind.relativeRate * multiplier);
    }

    Archetype archetypeOf(int i) {
        return Archetype.of(archetype[i]);
    }

    boolean has(int i, int flag) {
        return (flags[i] & flag) != 0;
    }

    int deviceType(int i) {
        return device[i] & 3;
    }

    int os(int i) {
        return (device[i] >> 2) & 7;
    }

    int browser(int i) {
        return (device[i] & 0xFF) >>> 5;
    }

    int emailKind(int i) {
        return reach[i] & 3;
    }

    int phoneKind(int i) {
        return (reach[i] >> 2) & 3;
    }

    boolean reachBit(int i, int bit) {
        return (reach[i] & bit) != 0;
    }

    /** Expected track events of user {@code i} per unit of rate scale, and those of its forced sessions. */
    double expectedEventsPerScale(Plan plan, int i) {
        return rate[i] * plan.weightBetween(from[i], to[i]) * archetypeOf(i).eventsPerSession();
    }

    /** Sessions that happen whatever the rate: on arrival of an anonymous visitor, at sign-up, at conversion. */
    int forcedSessions(int i) {
        int n = 0;
        if (has(i, ANONYMOUS)) {
            n++;
        }
        if (special[i] >= 0) {
            n++;
        }
        return n;
    }

    /** Names of the browsers by the index {@link #browser(int)} returns. */
    static final class Browser {
        static final int CHROME = 0;
        static final int SAFARI = 1;
        static final int FIREFOX = 2;
        static final int EDGE = 3;
        static final int SAMSUNG = 4;
        static final int OPERA = 5;

        private Browser() {
        }
    }
}
