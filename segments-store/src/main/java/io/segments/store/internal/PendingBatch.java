package io.segments.store.internal;

import io.segments.store.Message;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One submitted batch waiting for the writer, with what can be computed on the submitting thread
 * (messageId fingerprints, event properties as JSON text) already computed.
 */
public final class PendingBatch {
    final List<Message> messages;
    final long[] hashes;
    final long[] checks;
    final String[] props;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    final int permits;

    PendingBatch(List<Message> messages, int permits) {
        this.messages = List.copyOf(messages);
        this.permits = permits;
        this.hashes = new long[this.messages.size()];
        this.checks = new long[this.messages.size()];
        this.props = new String[this.messages.size()];
        for (int i = 0; i < hashes.length; i++) {
            Message m = this.messages.get(i);
            hashes[i] = Hashes.hash64(m.messageId());
            checks[i] = Hashes.check64(m.messageId());
            // String caches its hash code: computing it here spares the single writer thread the work
            m.userId().ifPresent(String::hashCode);
            m.anonymousId().ifPresent(String::hashCode);
            if (m.kind() == Message.Kind.TRACK) {
                props[i] = Json.write(m.properties());
            }
        }
    }

    int size() {
        return messages.size();
    }
}
