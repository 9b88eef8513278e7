package io.segments.store;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link CrashTest}: ingests numbered batches from several threads forever and
 * prints {@code ack N} once batch N is acknowledged, until it is killed. Arguments: the data directory and,
 * optionally, the deduplication window.
 */
public final class CrashChild {
    static final int MESSAGES_PER_BATCH = 40;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Store store = args.length > 1 ? Store.open(Path.of(args[0]), Long.parseLong(args[1])) : Store.open(Path.of(args[0]));
        Ingestor ingestor = store.ingestor();
        AtomicInteger next = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                while (true) {
                    int batch = next.getAndIncrement();
                    try {
                        ingestor.submit(batch(batch)).get();
                    } catch (Exception e) {
                        e.printStackTrace();
                        return;
                    }
                    synchronized (System.out) {
                        System.out.println("ack " + batch);
                        System.out.flush();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Batch {@code n}: an anonymous visitor's events, then identified, with messageIds {@code b<n>-<i>}. */
    static List<Message> batch(int n) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES_PER_BATCH - 1; i++) {
            messages.add(Wire.msg("{'type':'track','anonymousId':'anon-" + n + "','event':'E','messageId':'b" + n + "-" + i
                    + "','properties':{'batch':" + n + ",'i':" + i + "},'context':{'device':{'token':'t" + n + "'}}}"));
        }
        messages.add(Wire.msg("{'type':'identify','userId':'user-" + (n % 10) + "','anonymousId':'anon-" + n
                + "','messageId':'b" + n + "-" + (MESSAGES_PER_BATCH - 1) + "','traits':{'last':" + n + "}}"));
        return messages;
    }
}
