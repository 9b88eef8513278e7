package io.segments.datagen.internal;

/** Turns a generated row into a message, field by field, for any {@link Emitter}. */
public final class Renderer {
    public static final Text APP_LAUNCHED = Text.of("App Launched");
    public static final Text PRODUCT_VIEWED = Text.of("Product Viewed");
    public static final Text SEARCHED = Text.of("Searched");
    public static final Text ADDED_TO_CART = Text.of("Added To Cart");
    public static final Text CHARGED = Text.of("Charged");
    /** Event names by row kind; identify kinds have none. */
    static final Text[] EVENT_NAMES = {null, null, null, APP_LAUNCHED, PRODUCT_VIEWED, SEARCHED, ADDED_TO_CART, CHARGED};

    private static final Text PRODUCT_ID = Text.of("productId");
    private static final Text CATEGORY = Text.of("category");
    private static final Text PRICE = Text.of("price");
    private static final Text COLOR = Text.of("color");
    private static final Text QUERY = Text.of("query");
    private static final Text QUANTITY = Text.of("quantity");
    private static final Text AMOUNT = Text.of("amount");
    private static final Text CURRENCY = Text.of("currency");
    private static final Text USD = Text.of("USD");
    private static final Text ITEMS = Text.of("items");
    private static final Text PRODUCT = Text.of("product");
    private static final Text ID = Text.of("id");
    private static final Text NAME = Text.of("name");

    private final Persona persona;

    public Renderer(Plan plan) {
        this.persona = new Persona(plan);
    }

    /** Renders row {@code r}; {@code pop} must hold the row's user. */
    public void render(Rows rows, int r, Population pop, Emitter e) {
        int kind = rows.kind[r];
        int user = rows.user[r];
        if (kind <= Rows.IDENTIFY_OPT_OUT) {
            e.begin(true);
            e.userId(user);
            if (kind == Rows.IDENTIFY_MERGE) {
                e.anonymousId(user);
            }
            e.beginFields(true);
            if (kind == Rows.IDENTIFY_OPT_OUT) {
                e.field(Persona.EMAIL_OPT_OUT, true);
            } else {
                persona.traits(pop, user - pop.first, e);
            }
            e.endFields();
        } else {
            e.begin(false);
            if ((rows.flags[r] & Rows.AS_ANONYMOUS) != 0) {
                e.anonymousId(user);
            } else {
                e.userId(user);
            }
            e.event(EVENT_NAMES[kind]);
            e.beginFields(false);
            properties(rows, r, kind, e);
            e.endFields();
            if ((rows.flags[r] & Rows.WITH_TOKEN) != 0) {
                e.pushToken(user);
            }
        }
        e.timestamp(rows.ts[r]);
        e.messageId(user, rows.daySeq[r]);
        e.end();
    }

    private static void properties(Rows rows, int r, int kind, Emitter e) {
        int product = rows.item[r];
        switch (kind) {
            case Rows.APP_LAUNCHED:
                return;
            case Rows.SEARCHED:
                e.field(QUERY, Catalog.queryText(product));
                return;
            case Rows.PRODUCT_VIEWED:
                e.field(PRODUCT_ID, Catalog.productId(product));
                e.field(CATEGORY, Catalog.CATEGORIES[Catalog.categoryOf(product)]);
                e.cents(PRICE, rows.cents[r]);
                e.field(COLOR, Catalog.COLORS[rows.color[r]]);
                return;
            case Rows.ADDED_TO_CART:
                e.field(PRODUCT_ID, Catalog.productId(product));
                e.field(CATEGORY, Catalog.CATEGORIES[Catalog.categoryOf(product)]);
                e.cents(PRICE, rows.cents[r]);
                e.field(QUANTITY, rows.count[r]);
                e.field(COLOR, Catalog.COLORS[rows.color[r]]);
                return;
            case Rows.CHARGED:
                e.cents(AMOUNT, rows.cents[r]);
                e.field(CURRENCY, USD);
                e.field(ITEMS, rows.count[r]);
                e.field(CATEGORY, Catalog.CATEGORIES[Catalog.categoryOf(product)]);
                e.field(COLOR, Catalog.COLORS[rows.color[r]]);
                e.beginObject(PRODUCT);
                e.field(ID, Catalog.productId(product));
                e.field(NAME, Catalog.productName(product));
                e.field(CATEGORY, Catalog.CATEGORIES[Catalog.categoryOf(product)]);
                e.cents(PRICE, Catalog.listPriceCents(product));
                e.endObject();
                return;
            default:
                throw new IllegalStateException("unknown row kind " + kind);
        }
    }
}
