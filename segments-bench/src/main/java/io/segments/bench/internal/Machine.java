package io.segments.bench.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The machine a run took place on, from /proc and the JVM. */
public record Machine(int cores, long memoryBytes, String cpu, String java, Instant date) {

    public static Machine describe() {
        return new Machine(Runtime.getRuntime().availableProcessors(), totalMemory(), cpuModel(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    /** The load averages over 1, 5 and 15 minutes, as /proc/loadavg has them. */
    public static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    public String describeText() {
        return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, %s, %s, %s", cores, memoryBytes / (double) (1L << 30),
                cpu, java, date);
    }

    private static long totalMemory() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String cpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return List.of();
        }
    }
}
