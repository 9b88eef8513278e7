package io.segments.datagen.internal;

import java.util.Arrays;

/**
 * Produces the messages of one user on one day. The day's random stream is keyed by (seed, user, day),
 * so the result does not depend on which other users or days were generated before.
 */
final class Simulator {
    private static final long SALT_DAY = 0x05E7_0002L;
    /** Relative activity by local hour 0..23: quiet nights, a lunch bump, evening peak. */
    private static final int[] HOUR = Rng.cumulative(
            10, 5, 3, 2, 2, 4, 10, 20, 30, 35, 38, 40, 46, 45, 40, 38, 40, 45, 52, 60, 65, 62, 45, 25);

    private final Plan plan;
    private final Rng rng = new Rng();
    private long[] starts = new long[64];
    private int[] cartProduct = new int[16];
    private int[] cartCents = new int[16];
    private int[] cartQuantity = new int[16];
    private int[] cartColor = new int[16];
    private int cartSize;

    // per-call state
    private Rows rows;
    private int user;
    private int day;
    private int seq;
    private long convertAt;
    private boolean anonymous;
    private boolean token;

    Simulator(Plan plan) {
        this.plan = plan;
    }

    /** Appends the messages of user {@code i} of {@code pop} on day {@code d} to {@code out}, in generation order. */
    void day(Population pop, int i, int d, Rows out) {
        if (d < pop.from[i] || d >= pop.to[i]) {
            return;
        }
        this.rows = out;
        this.user = pop.first + i;
        this.day = d;
        this.seq = 0;
        rng.reseed(Rng.key(plan.seedHash, SALT_DAY, user, d));
        long dayStart = plan.dayStart(d);
        int offset = Geography.offsetMinutes(pop.city[i]);
        Archetype kind = pop.archetypeOf(i);
        token = pop.has(i, Population.HAS_TOKEN);
        anonymous = pop.has(i, Population.ANONYMOUS);
        int special = pop.special[i];
        convertAt = !anonymous ? Long.MIN_VALUE
                : !pop.has(i, Population.CONVERTS) || d < special ? Long.MAX_VALUE
                : d > special ? Long.MIN_VALUE : 0;

        long notBefore = dayStart;
        int n = 0;
        if (d == 0 && pop.has(i, Population.PRE_WINDOW)) {
            emit(plan.startMillis, Rows.IDENTIFY, (byte) 0);
        }
        if (d == special) {
            long at = specialTime(dayStart, offset);
            if (anonymous) {
                convertAt = at;
                emit(at, Rows.IDENTIFY_MERGE, (byte) 0);
            } else {
                notBefore = at;
                emit(at, Rows.IDENTIFY, (byte) 0);
            }
            starts[n++] = at + 2_000 + rng.nextInt(20_000);
        }
        if (anonymous && d == pop.from[i]) {
            long at = specialTime(dayStart, offset);
            notBefore = at;
            starts[n++] = at;
        }
        if (d == pop.optOutDay[i]) {
            emit(specialTime(dayStart, offset), Rows.IDENTIFY_OPT_OUT, (byte) 0);
        }

        double lambda = plan.scale * pop.rate[i] * plan.weekdayFactor[d];
        int sessions = rng.poisson(lambda);
        if (starts.length < sessions + 2) {
            starts = Arrays.copyOf(starts, sessions + 2);
        }
        for (int k = 0; k < sessions; k++) {
            long at = sampleTime(dayStart, offset);
            if (at >= notBefore) {
                starts[n++] = at;
            }
        }
        Arrays.sort(starts, 0, n);
        for (int k = 0; k < n; k++) {
            session(pop, i, kind, starts[k]);
        }
        this.rows = null;
    }

    private void session(Population pop, int i, Archetype kind, long t) {
        emit(t, Rows.APP_LAUNCHED, token ? Rows.WITH_TOKEN : 0);
        cartSize = 0;
        int actions = 1 + rng.geometric(kind.browseMean);
        for (int k = 0; k < actions; k++) {
            t += 5_000 + rng.nextInt(85_000);
            int category = rng.chance(0.5) ? pop.favourite[2 * i + rng.nextInt(2)] : Catalog.popularCategory(rng);
            if (rng.chance(kind.searchShare)) {
                int r = emit(t, Rows.SEARCHED, (byte) 0);
                if (r >= 0) {
                    rows.item[r] = Catalog.query(rng, category);
                }
                continue;
            }
            int product = Catalog.product(rng, category);
            int color = Catalog.color(rng, product);
            int price = Catalog.listPriceCents(product);
            if (rng.chance(0.1)) {
                price = price * (80 + rng.nextInt(16)) / 100;
            }
            int r = emit(t, Rows.PRODUCT_VIEWED, (byte) 0);
            if (r >= 0) {
                rows.item[r] = product;
                rows.cents[r] = price;
                rows.color[r] = (byte) color;
            }
            if (rng.chance(kind.addToCart)) {
                t += 3_000 + rng.nextInt(37_000);
                int quantity = rng.chance(0.85) ? 1 : 2 + rng.nextInt(2);
                r = emit(t, Rows.ADDED_TO_CART, (byte) 0);
                if (r >= 0) {
                    rows.item[r] = product;
                    rows.cents[r] = price;
                    rows.count[r] = (short) quantity;
                    rows.color[r] = (byte) color;
                }
                addToCart(product, price, quantity, color);
            }
        }
        if (cartSize > 0 && rng.chance(kind.buy)) {
            int r100 = rng.nextInt(100);
            t += r100 < 60 ? 60_000 + rng.nextInt(480_000)
                    : r100 < 88 ? 600_000 + rng.nextInt(1_800_000)
                    : 2_400_000 + rng.nextInt(1_140_000);
            long amount = 0;
            int items = 0;
            int main = 0;
            for (int k = 0; k < cartSize; k++) {
                long line = (long) cartCents[k] * cartQuantity[k];
                amount += line;
                items += cartQuantity[k];
                if (line > (long) cartCents[main] * cartQuantity[main]) {
                    main = k;
                }
            }
            int r = emit(t, Rows.CHARGED, (byte) 0);
            if (r >= 0) {
                rows.item[r] = cartProduct[main];
                rows.cents[r] = (int) Math.min(Integer.MAX_VALUE, amount);
                rows.count[r] = (short) Math.min(Short.MAX_VALUE, items);
                rows.color[r] = (byte) cartColor[main];
            }
        }
    }

    private void addToCart(int product, int cents, int quantity, int color) {
        if (cartSize == cartProduct.length) {
            int n = cartSize * 2;
            cartProduct = Arrays.copyOf(cartProduct, n);
            cartCents = Arrays.copyOf(cartCents, n);
            cartQuantity = Arrays.copyOf(cartQuantity, n);
            cartColor = Arrays.copyOf(cartColor, n);
        }
        cartProduct[cartSize] = product;
        cartCents[cartSize] = cents;
        cartQuantity[cartSize] = quantity;
        cartColor[cartSize] = color;
        cartSize++;
    }

    /** Appends a row unless it falls after the end; returns its index or -1. */
    private int emit(long ts, byte kind, byte flags) {
        if (ts > plan.endMillis) {
            return -1;
        }
        byte f = flags;
        if (anonymous && ts < convertAt && kind >= Rows.APP_LAUNCHED) {
            f |= Rows.AS_ANONYMOUS;
        }
        return rows.add(ts, user, day, seq++, kind, f);
    }

    /** A local time of day by the hourly activity curve, as an instant of the UTC day. */
    private long sampleTime(long dayStart, int offsetMinutes) {
        long local = rng.pick(HOUR) * 3_600_000L + rng.nextInt(3_600_000);
        return dayStart + Math.floorMod(local - offsetMinutes * 60_000L, Plan.DAY_MS);
    }

    /** Like {@link #sampleTime} but never after the end (sign-ups, conversions, opt-outs must happen). */
    private long specialTime(long dayStart, int offsetMinutes) {
        long limit = Math.min(dayStart + Plan.DAY_MS - 60_000, plan.endMillis - 60_000);
        for (int attempt = 0; attempt < 16; attempt++) {
            long t = sampleTime(dayStart, offsetMinutes);
            if (t <= limit) {
                return t;
            }
        }
        return dayStart + (long) (rng.nextDouble() * Math.max(0, limit - dayStart));
    }
}
