package io.segments.model;

/** Which first-step events of a sequence are considered. */
public enum Occurrence {
    /** Some chain of events satisfies the steps. */
    ANY("any"),
    /** Only the user's most recent first-step event in {@code when}. */
    LAST("last");

    private final String json;

    Occurrence(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }
}
