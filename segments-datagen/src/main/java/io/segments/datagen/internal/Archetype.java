package io.segments.datagen.internal;

/**
 * How a kind of shopper behaves. A user's sessions per active day are a Poisson draw with mean
 * {@code scale * relativeRate * personal multiplier * weekday factor}; in a session they launch the app,
 * browse {@code 1 + Geometric(browseMean)} times (a search with {@link #searchShare}, else a product view),
 * add a viewed product to the cart with {@link #addToCart} and, with a non-empty cart, pay with
 * {@link #buy} some minutes later.
 */
enum Archetype {
    /** Looks around now and then, seldom buys. */
    CASUAL_BROWSER(300, 0.5, 3.0, 0.25, 0.04, 0.25, false),
    /** An ordinary customer. */
    REGULAR(170, 1.0, 3.5, 0.20, 0.08, 0.45, false),
    /** Comes back often and usually buys. */
    FREQUENT_BUYER(90, 3.2, 3.5, 0.15, 0.22, 0.85, false),
    /** Buys TVs, laptops, phones and cameras. */
    HIGH_SPENDER(50, 1.3, 4.0, 0.20, 0.15, 0.75, true),
    /** Fills carts and leaves. */
    CART_ABANDONER(120, 1.2, 4.0, 0.15, 0.30, 0.08, false),
    /** Was active, has not come back for at least 30 days. */
    LAPSED(150, 2.0, 3.0, 0.20, 0.08, 0.40, false),
    /** Signed up during the generated period. */
    NEW_USER(120, 1.8, 3.5, 0.25, 0.10, 0.40, false);

    private static final Archetype[] VALUES = values();
    private static final int[] CUMULATIVE;

    static {
        int[] weights = new int[VALUES.length];
        for (Archetype a : VALUES) {
            weights[a.ordinal()] = a.perMille;
        }
        CUMULATIVE = Rng.cumulative(weights);
    }

    private final int perMille;
    final double relativeRate;
    final double browseMean;
    final double searchShare;
    final double addToCart;
    final double buy;
    final boolean premium;
    private final double eventsPerSession;

    Archetype(int perMille, double relativeRate, double browseMean, double searchShare, double addToCart, double buy,
              boolean premium) {
        this.perMille = perMille;
        this.relativeRate = relativeRate;
        this.browseMean = browseMean;
        this.searchShare = searchShare;
        this.addToCart = addToCart;
        this.buy = buy;
        this.premium = premium;
        this.eventsPerSession = expectedEventsPerSession();
    }

    static Archetype of(int ordinal) {
        return VALUES[ordinal];
    }

    static Archetype pick(Rng rng) {
        return VALUES[rng.pick(CUMULATIVE)];
    }

    /** Expected track events per session, as the session model in {@code Simulator} produces them. */
    double eventsPerSession() {
        return eventsPerSession;
    }

    private double expectedEventsPerSession() {
        // browsing actions n = 1 + G, G geometric with mean m: E[n] = 1 + m
        double actions = 1 + browseMean;
        double addPerAction = (1 - searchShare) * addToCart;
        // P(cart empty) = E[x^n] with x = 1 - addPerAction; for n = 1 + G, E[x^n] = x p / (1 - (1 - p) x), p = 1/(1+m)
        double x = 1 - addPerAction;
        double p = 1 / (1 + browseMean);
        double cartEmpty = x * p / (1 - (1 - p) * x);
        return 1 + actions + actions * addPerAction + (1 - cartEmpty) * buy;
    }
}
