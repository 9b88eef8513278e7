package io.segments.campaigns;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Where a message goes: one email address, one phone number, or every push token of the user
 * (a push goes to all the user's devices).
 */
public record Recipient(List<String> addresses) {
    public Recipient {
        addresses = List.copyOf(requireNonNull(addresses, "addresses is null"));
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a recipient has at least one address");
        }
    }

    public static Recipient of(String address) {
        return new Recipient(List.of(address));
    }

    /** The first (for email and SMS: the only) address. */
    public String address() {
        return addresses.get(0);
    }

    /** The addresses joined by {@code ", "}, as delivery records show them. */
    public String display() {
        return String.join(", ", addresses);
    }
}
