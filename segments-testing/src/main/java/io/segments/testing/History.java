package io.segments.testing;

import java.time.Instant;

import static java.util.Objects.requireNonNull;

/** A random data set and the time {@code now} to evaluate it at. */
public record History(Dataset dataset, Instant now) {
    public History {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(now, "now is null");
    }
}
