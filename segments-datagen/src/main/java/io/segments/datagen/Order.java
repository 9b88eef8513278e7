package io.segments.datagen;

/** The order in which a {@link Generator} emits its messages. Both orders produce the same messages. */
public enum Order {
    /**
     * All messages in timestamp order (ties in a fixed order), as a live stream would deliver them.
     * Holds the compact state of every user (about 20 bytes each) and one day of messages (about 40 bytes
     * each) in memory: some 60 MB for a million users and a hundred million events over 90 days.
     */
    TIME,
    /** User after user, each user's messages in timestamp order. Holds one block of users in memory. */
    USER
}
