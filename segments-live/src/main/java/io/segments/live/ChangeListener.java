package io.segments.live;

/**
 * Receives the changes of a {@link LiveEngine}, synchronously, on the thread that fed the engine and in
 * the order they happen. It must not call back into the engine.
 */
@FunctionalInterface
public interface ChangeListener {
    void onChange(Change change);

    /** A listener that drops every change. */
    static ChangeListener none() {
        return change -> {
        };
    }
}
