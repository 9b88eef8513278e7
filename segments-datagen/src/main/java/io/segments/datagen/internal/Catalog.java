package io.segments.datagen.internal;

/**
 * The shop: categories with popularity and price ranges, a fixed product catalogue (the same for every
 * seed, so product ids mean the same thing across data sets), colours and search queries.
 */
final class Catalog {
    /** Products per category. */
    public static final int PER_CATEGORY = 30;

    public static final Text[] CATEGORIES = Text.of(
            "TV", "Phones", "Laptops", "Headphones", "Cameras", "Appliances", "Books",
            "Clothing", "Shoes", "Beauty", "Home", "Toys", "Sports");
    /** The category index of TVs. */
    public static final int TV = 0;
    /** Relative popularity of each category in browsing. */
    private static final int[] POPULARITY = {6, 10, 7, 8, 3, 6, 10, 15, 9, 9, 8, 5, 4};
    /** Categories that high spenders favour. */
    static final int[] PREMIUM = {0, 1, 2, 4, 5};
    private static final int[] MIN_PRICE = {249, 129, 399, 19, 199, 49, 5, 9, 29, 5, 9, 9, 9};
    private static final int[] MAX_PRICE = {2499, 1299, 2499, 399, 1999, 899, 49, 149, 219, 89, 299, 129, 399};
    private static final String[][] BRANDS = {
            {"Lumex", "Vistara", "Sonora", "Kairo"},
            {"Nova", "Pixelon", "Orbi", "Zentra"},
            {"Corebook", "Altair", "Nimbus", "Vertex"},
            {"Auralis", "Beatnik", "Sonix", "Echo"},
            {"Optika", "Lensio", "Framewise"},
            {"Homia", "Kuchen", "Breezo", "Frostline"},
            {"Penrose Press", "Oakleaf", "Lantern Books"},
            {"Northway", "Urbana", "Linea", "Cotton & Co"},
            {"Stride", "Aeroflex", "Trailhead"},
            {"Glowe", "Puranova", "Velour"},
            {"Casa Bella", "Nordhem", "Loft"},
            {"Brickly", "Playmoor", "Tiny Giants"},
            {"Peakform", "Rallye", "Aqualine"}};
    private static final String[][] NOUNS = {
            {"43-inch 4K TV", "50-inch 4K TV", "55-inch OLED TV", "65-inch QLED TV", "75-inch 4K TV", "32-inch Smart TV"},
            {"Smartphone", "Smartphone Pro", "Smartphone Lite", "Foldable Phone"},
            {"Laptop 14", "Laptop 15", "Ultrabook 13", "Gaming Laptop 16"},
            {"Wireless Earbuds", "Over-Ear Headphones", "Noise Cancelling Headphones", "Sport Earphones"},
            {"Mirrorless Camera", "Action Camera", "Instant Camera", "Zoom Lens"},
            {"Air Fryer", "Blender", "Microwave Oven", "Vacuum Cleaner", "Coffee Machine", "Refrigerator"},
            {"Novel", "Cookbook", "Travel Guide", "Biography", "Children's Book"},
            {"T-Shirt", "Hoodie", "Jeans", "Summer Dress", "Jacket", "Kurta"},
            {"Running Shoes", "Sneakers", "Sandals", "Boots", "Loafers"},
            {"Face Serum", "Lipstick", "Sunscreen", "Perfume", "Shampoo"},
            {"Table Lamp", "Bedsheet Set", "Cookware Set", "Throw Pillow", "Wall Clock"},
            {"Building Set", "Puzzle", "Plush Bear", "RC Car", "Board Game"},
            {"Yoga Mat", "Dumbbells", "Cricket Bat", "Football", "Cycling Helmet"}};
    private static final String[][] QUERIES = {
            {"4k tv", "smart tv", "oled tv", "55 inch tv", "tv wall mount", "cheap tv"},
            {"smartphone", "phone under 300", "5g phone", "phone case"},
            {"laptop", "gaming laptop", "laptop 16gb ram", "ultrabook"},
            {"wireless earbuds", "noise cancelling headphones", "bluetooth headphones"},
            {"mirrorless camera", "action camera", "camera lens"},
            {"air fryer", "coffee machine", "vacuum cleaner", "fridge"},
            {"bestseller novel", "cookbook", "kids books"},
            {"hoodie", "jeans", "summer dress", "kurta", "winter jacket"},
            {"running shoes", "sneakers", "sandals"},
            {"sunscreen", "face serum", "perfume"},
            {"table lamp", "bedsheets", "cookware"},
            {"lego", "board games", "puzzle"},
            {"yoga mat", "dumbbells", "cricket bat"}};
    public static final Text[] COLORS = Text.of(
            "black", "white", "silver", "gray", "red", "blue", "green", "pink", "gold", "yellow");

    private static final int[] POPULARITY_CUMULATIVE = Rng.cumulative(POPULARITY);
    private static final int PRODUCTS = CATEGORIES.length * PER_CATEGORY;
    private static final Text[] PRODUCT_IDS = new Text[PRODUCTS];
    private static final Text[] PRODUCT_NAMES = new Text[PRODUCTS];
    private static final int[] PRODUCT_PRICE_CENTS = new int[PRODUCTS];
    /** The one to four colours each product comes in. */
    private static final byte[][] PRODUCT_COLORS = new byte[PRODUCTS][];
    private static final Text[][] QUERY_TEXTS = new Text[QUERIES.length][];

    static {
        Rng rng = new Rng(0x5E6E_0001L);
        for (int c = 0; c < CATEGORIES.length; c++) {
            for (int i = 0; i < PER_CATEGORY; i++) {
                int p = c * PER_CATEGORY + i;
                PRODUCT_IDS[p] = Text.of(String.format("P%02d%03d", c + 10, i + 1));
                String brand = BRANDS[c][rng.nextInt(BRANDS[c].length)];
                String noun = NOUNS[c][rng.nextInt(NOUNS[c].length)];
                PRODUCT_NAMES[p] = Text.of(brand + " " + noun + " " + (char) ('A' + rng.nextInt(26)) + rng.between(1, 9) + "0");
                // skew towards the cheap end of the range: the smaller of two draws
                int span = MAX_PRICE[c] - MIN_PRICE[c];
                int dollars = MIN_PRICE[c] + Math.min(rng.nextInt(span + 1), rng.nextInt(span + 1));
                PRODUCT_PRICE_CENTS[p] = dollars * 100 - (rng.chance(0.7) ? 1 : 0);
                byte[] colors = new byte[1 + rng.nextInt(4)];
                int first = rng.nextInt(COLORS.length);
                for (int k = 0; k < colors.length; k++) {
                    colors[k] = (byte) ((first + k * 3) % COLORS.length);
                }
                PRODUCT_COLORS[p] = colors;
            }
        }
        for (int c = 0; c < QUERIES.length; c++) {
            QUERY_TEXTS[c] = Text.of(QUERIES[c]);
        }
    }

    private Catalog() {
    }

    /** A category by browsing popularity. */
    static int popularCategory(Rng rng) {
        return rng.pick(POPULARITY_CUMULATIVE);
    }

    /** A product of the category, the best sellers (low indexes) more often. */
    static int product(Rng rng, int category) {
        return category * PER_CATEGORY + Math.min(rng.nextInt(PER_CATEGORY), rng.nextInt(PER_CATEGORY));
    }

    public static int categoryOf(int product) {
        return product / PER_CATEGORY;
    }

    public static Text productId(int product) {
        return PRODUCT_IDS[product];
    }

    public static Text productName(int product) {
        return PRODUCT_NAMES[product];
    }

    public static int listPriceCents(int product) {
        return PRODUCT_PRICE_CENTS[product];
    }

    /** One of the colours the product comes in. */
    static int color(Rng rng, int product) {
        byte[] colors = PRODUCT_COLORS[product];
        return colors[rng.nextInt(colors.length)];
    }

    /** Index of a search query; the category is in the high bits. */
    static int query(Rng rng, int category) {
        return category << 8 | rng.nextInt(QUERY_TEXTS[category].length);
    }

    public static Text queryText(int query) {
        return QUERY_TEXTS[query >>> 8][query & 0xFF];
    }
}
