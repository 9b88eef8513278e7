package io.segments.model;

import java.util.Optional;

/** A channel a user can be reached on. The reachability rules live in {@code Reachability}. */
public enum Channel {
    EMAIL("email"), SMS("sms"), PUSH("push");

    private final String json;

    Channel(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    public static Optional<Channel> fromJson(String name) {
        for (Channel c : values()) {
            if (c.json.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
