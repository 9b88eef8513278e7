package io.segments.campaigns.internal;

import java.security.SecureRandom;

/** New campaign ids: {@code cmp_} and eight random base-36 characters (about 2.8 trillion ids). */
public final class CampaignIds {
    public static final String PREFIX = "cmp_";
    private static final int LENGTH = 8;
    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private CampaignIds() {
    }

    public static String next() {
        StringBuilder id = new StringBuilder(PREFIX.length() + LENGTH).append(PREFIX);
        for (int i = 0; i < LENGTH; i++) {
            id.append(DIGITS[RANDOM.nextInt(DIGITS.length)]);
        }
        return id.toString();
    }
}
