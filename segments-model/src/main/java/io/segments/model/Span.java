package io.segments.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/** A duration as written in definitions: a positive integer and a unit, e.g. {@code "10m"}, {@code "7d"}. */
public record Span(long amount, Unit unit) {
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,9})([smhdw])");

    public Span {
        requireNonNull(unit, "unit is null");
        if (amount <= 0) {
            throw new IllegalArgumentException("duration must be positive: " + amount);
        }
    }

    public enum Unit {
        SECONDS('s', 1_000L),
        MINUTES('m', 60_000L),
        HOURS('h', 3_600_000L),
        DAYS('d', 86_400_000L),
        WEEKS('w', 604_800_000L);

        private final char symbol;
        private final long millis;

        Unit(char symbol, long millis) {
            this.symbol = symbol;
            this.millis = millis;
        }

        public char symbol() {
            return symbol;
        }

        public long millis() {
            return millis;
        }
    }

    /** Parses {@code "10m"}; empty when the text is not a positive integer followed by s, m, h, d or w. */
    public static Optional<Span> parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        char symbol = m.group(2).charAt(0);
        for (Unit unit : Unit.values()) {
            if (unit.symbol == symbol) {
                return Optional.of(new Span(Long.parseLong(m.group(1)), unit));
            }
        }
        return Optional.empty();
    }

    public long toMillis() {
        return Math.multiplyExact(amount, unit.millis);
    }

    @Override
    public String toString() {
        return amount + String.valueOf(unit.symbol);
    }
}
