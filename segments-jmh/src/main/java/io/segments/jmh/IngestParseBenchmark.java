package io.segments.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.segments.datagen.Generator;
import io.segments.jmh.internal.Batches;
import io.segments.server.internal.Json;
import io.segments.store.Message;
import io.segments.store.MessageParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading a {@code /v1/batch} request body of {@value #BATCH} generated messages (identifies and track
 * events, about 200 bytes each) as the server does: the bytes to a JSON tree ({@link Json#parse}), then
 * the tree to {@link Message}s ({@link MessageParser#parseBatch}). The baseline is the JSON tree alone.
 * Times are per message.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@OperationsPerInvocation(IngestParseBenchmark.BATCH)
public class IngestParseBenchmark {
    /** Messages per request, as {@code bin/bench-ingest} sends them. */
    public static final int BATCH = 500;

    /** One request body and the parser. */
    @State(Scope.Benchmark)
    public static class Body {
        byte[] body;
        MessageParser parser;
        long receivedAt;

        @Setup
        public void setup() {
            Generator generator = Generator.builder().users(300).days(7).eventsPerUser(20).seed(42).build();
            body = Batches.body(generator, BATCH);
            parser = new MessageParser();
            receivedAt = generator.end().toEpochMilli();
        }
    }

    @Benchmark
    public List<Message> parseBatch(Body b) {
        return b.parser.parseBatch(Json.parse(b.body), b.receivedAt);
    }

    @Benchmark
    public JsonNode baselineJsonTree(Body b) {
        return Json.parse(b.body);
    }
}
