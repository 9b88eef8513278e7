package io.segments.bench;

import io.segments.bench.internal.DataSet;
import io.segments.bench.internal.MixedLoad;
import io.segments.bench.internal.ServerProcess;

/**
 * The mixed-load benchmark's entry point ({@code bin/bench-mixed}): counts of the example segments over HTTP alone,
 * ingestion over HTTP alone, then both at once, against a server child process on a generated store; prints the
 * count p50 and p99 and the ingestion rate under load against alone, and whether they meet the targets
 * ({@link MixedLoad}). See {@link MixedLoadOptions#USAGE} for the options.
 *
 * <p>Exit status: 0 done (whether or not the targets were met), 1 failed (a check failed, or the server did),
 * 2 bad arguments.
 */
public final class MixedLoadMain {
    private MixedLoadMain() {
    }

    public static void main(String[] args) {
        MixedLoadOptions o;
        try {
            o = MixedLoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench-mixed: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status = 0;
        try {
            MixedLoad.Settings s = new MixedLoad.Settings(new DataSet(o.users(), o.events(), o.days()),
                    o.ingestMessages(), o.queryClients(), o.rounds(), o.runDir(), o.fresh());
            MixedLoad.run(s, (dataDir, log) -> ServerProcess.start(o.serverJar(), dataDir,
                    o.heap(), log), System.out);
            System.out.println("bench-mixed: every count sample in " + o.runDir().resolve("samples.csv"));
        } catch (Exception e) {
            System.err.println("bench-mixed: FAILED: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }
}
