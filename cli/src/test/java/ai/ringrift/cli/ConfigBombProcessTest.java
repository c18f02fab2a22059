package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.config.ConfigLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * guard.yaml bombs through {@code ringrift validate} and {@code ringrift run}, each in a child JVM
 * with a 64 MB heap: exit 2, the file and the limit named, no OutOfMemoryError, no stack trace,
 * promptly (the bound is a generous 10 s for the whole child JVM on a loaded machine; the measured
 * times are printed). Also {@code sampling.gpu: on} on a host without a GPU: one line, exit 2.
 */
class ConfigBombProcessTest {

    @TempDir
    static Path tmp;

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final List<String> TIMES = new ArrayList<>();

    /** One child run: exit code, standard output and error together, wall time. */
    record Child(int code, String output, Duration took) {
    }

    static Child child(Map<String, String> env, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "-Dringrift.nvml.library=" + tmp.resolve("no-such-libnvidia-ml.so"), "ai.ringrift.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "child", ".out");
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("child %s finished within 60 s", List.of(args)).isTrue();
        return new Child(p.exitValue(), Files.readString(out), took);
    }

    static Stream<Arguments> bombs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String command : new String[] {"validate", "run"}) {
            out.add(Arguments.of(command, "alias bomb", write("alias.yaml", ConfigBombProcessTest::aliasBomb),
                    "200000 values"));
            out.add(Arguments.of(command, "49 aliases of a 20,000-key map", write("alias-map.yaml",
                    ConfigBombProcessTest::mappingAliasBomb), "200000 values"));
            out.add(Arguments.of(command, "20 MB single string", write("string20m.yaml", w -> {
                w.write("node:\n  id: \"");
                w.write("x".repeat(20 * 1024 * 1024));
                w.write("\"\n");
            }), "larger than 4 MiB"));
            out.add(Arguments.of(command, "10,000-deep nesting", write("deep.yaml",
                    w -> w.write("[".repeat(10_000) + "]".repeat(10_000) + "\n")), "nested deeper than 50"));
            out.add(Arguments.of(command, "binary file", binary(), "not UTF-8"));
            out.add(Arguments.of(command, "/dev/zero", Path.of("/dev/zero"), "larger than 4 MiB"));
            out.add(Arguments.of(command, "5,000 duplicate 1 MB names", write("names1m.yaml",
                    w -> duplicateNames(w, 1024 * 1024, 5_000)), "characters per line"));
            out.add(Arguments.of(command, "7 MB of unknown keys", write("unknown7m.yaml", w -> unknownKeys(w, 7)),
                    "larger than 4 MiB"));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("bombs")
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void aBombIsRefusedWithOneLineAndExit2(String command, String what, Path file, String limit) throws Exception {
        Assumptions.assumeTrue(Files.exists(file), file + " exists on this OS");
        Child c = command.equals("validate") ? child(Map.of(), "validate", file.toString())
                : child(Map.of(), "run", "--config", file.toString());
        TIMES.add(String.format("%-8s %-28s exit %d in %d ms", command, what, c.code(), c.took().toMillis()));
        assertRefused(c, file, limit);
    }

    /** Writes to a FIFO forever from a thread: the loader reads at most its limit, never to the end. */
    @ParameterizedTest(name = "{0}: endless FIFO")
    @MethodSource("commands")
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anEndlessStreamIsRefusedAfterTheLimit(String command) throws Exception {
        Path fifo = tmp.resolve("endless-" + command + ".yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
        Thread writer = new Thread(() -> {
            byte[] chunk = "a: b\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
            try (OutputStream o = Files.newOutputStream(fifo)) {
                while (true) {
                    o.write(chunk);
                }
            } catch (IOException e) {
                // the child closed its end: done
            }
        }, "endless-writer");
        writer.setDaemon(true);
        writer.start();
        Child c = command.equals("validate") ? child(Map.of(), "validate", fifo.toString())
                : child(Map.of(), "run", "--config", fifo.toString());
        TIMES.add(String.format("%-8s %-28s exit %d in %d ms", command, "endless FIFO", c.code(), c.took().toMillis()));
        assertRefused(c, fifo, "larger than 4 MiB");
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(writer.isAlive()).as("the writer sees the pipe closed").isFalse();
    }

    /** Under the limits, 5,000 problems that each quote a 60,000-character name: capped, no OutOfMemoryError. */
    @ParameterizedTest(name = "{0}: capped problems")
    @MethodSource("commands")
    void manyProblemsQuotingLongValuesArePrintedCapped(String command) throws Exception {
        Path file = write("names60k-" + command + ".yaml", w -> duplicateNames(w, 60_000, 5_000));
        Child c = command.equals("validate") ? child(Map.of(), "validate", file.toString())
                : child(Map.of(), "run", "--config", file.toString());
        TIMES.add(String.format("%-8s %-28s exit %d in %d ms", command, "5,000 dup 60 K names", c.code(),
                c.took().toMillis()));
        assertThat(c.code()).as(head(c)).isEqualTo(ExitCodes.USAGE);
        assertThat(c.output()).doesNotContain("OutOfMemoryError").doesNotContain("\tat ")
                .contains("duplicate job name 'nnnn").contains("(60000 characters)")
                .contains("4999 error(s) in " + file);
        assertThat(c.output().lines().count()).as(head(c)).isLessThanOrEqualTo(ConfigLimits.MAX_PROBLEMS + 5);
        assertThat(c.output().length()).isLessThan(100_000);
        assertThat(c.took()).isLessThan(BOUND.multipliedBy(2));
    }

    /** 1 MB of unknown keys is under the size limit: tens of thousands of errors, the first 100 printed. */
    @ParameterizedTest(name = "{0}: unknown keys capped")
    @MethodSource("commands")
    void thousandsOfUnknownKeysPrintTheFirstHundred(String command) throws Exception {
        Path file = write("unknown1m-" + command + ".yaml", w -> unknownKeys(w, 1));
        Child c = command.equals("validate") ? child(Map.of(), "validate", file.toString())
                : child(Map.of(), "run", "--config", file.toString());
        TIMES.add(String.format("%-8s %-28s exit %d in %d ms", command, "1 MB of unknown keys", c.code(),
                c.took().toMillis()));
        assertThat(c.code()).as(head(c)).isEqualTo(ExitCodes.USAGE);
        assertThat(c.output()).doesNotContain("OutOfMemoryError").contains("unknown key 'unknownkey0'")
                .containsPattern("\\.\\.\\. and \\d+ more");
        assertThat(c.output().lines().count()).as(head(c)).isLessThanOrEqualTo(ConfigLimits.MAX_PROBLEMS + 5);
        assertThat(c.took()).isLessThan(BOUND.multipliedBy(2));
    }

    @Test
    void gpuOnWithoutAGpuIsOneLineAndExit2() throws Exception {
        Path config = tmp.resolve("gpu-on.yaml");
        Files.writeString(config, CliFixture.yaml(tmp.resolve("gpu"), "").replace("sampling:\n", "sampling:\n  gpu: on\n"));
        // sampling.gpu: on, NVML pointed at a library that does not exist (child()), no nvidia-smi on PATH
        Child c = child(Map.of("PATH", tmp.resolve("empty-path").toString()), "run", "--config", config.toString());
        TIMES.add(String.format("%-8s %-28s exit %d in %d ms", "run", "sampling.gpu on, no GPU", c.code(),
                c.took().toMillis()));
        assertThat(c.code()).as(c.output()).isEqualTo(ExitCodes.USAGE);
        assertThat(c.output()).as(c.output()).doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("--debug")
                .containsPattern("(?m)^error: sampling.gpu is on but no GPU can be read: .*set sampling.gpu to auto or off$");
        assertThat(c.output().lines().filter(l -> l.contains("sampling.gpu"))).as(c.output()).hasSize(1);
    }

    /** The wall time of a child JVM that validates a small valid file: what the bomb times include anyway. */
    @Test
    void baselineSmallValidFile() throws Exception {
        Path file = write("valid.yaml", w -> w.write("node:\n  id: baseline\n"));
        Child c = child(Map.of(), "validate", file.toString());
        TIMES.add(String.format("%-8s %-28s exit %d in %d ms", "validate", "baseline: small valid file", c.code(),
                c.took().toMillis()));
        assertThat(c.code()).as(head(c)).isZero();
    }

    static Stream<String> commands() {
        return Stream.of("validate", "run");
    }

    @AfterAll
    static void printTimes() {
        System.out.println("config bombs, child JVM -Xmx64m, wall time (JVM start included):");
        TIMES.forEach(t -> System.out.println("  " + t));
    }

    private static void assertRefused(Child c, Path file, String limit) {
        assertThat(c.code()).as(head(c)).isEqualTo(ExitCodes.USAGE);
        assertThat(c.output()).as(head(c)).doesNotContain("OutOfMemoryError").doesNotContain("\tat ")
                .doesNotContain("Exception");
        List<String> refused = c.output().lines().filter(l -> l.contains(limit)).toList();
        assertThat(refused).as(head(c)).singleElement().asString().contains(file.toString()).contains("refused")
                .contains(limit.equals("not UTF-8") ? "UTF-8" : "limit");
        assertThat(c.took()).as("wall time of the child JVM").isLessThan(BOUND);
    }

    private static String head(Child c) {
        String o = c.output();
        return "exit " + c.code() + " in " + c.took().toMillis() + " ms:\n" + (o.length() > 3000 ? o.substring(0, 3000)
                + "..." : o);
    }

    interface Content {
        void write(Writer w) throws IOException;
    }

    private static Path write(String name, Content content) throws IOException {
        Path p = tmp.resolve(name);
        if (!Files.exists(p)) {
            try (Writer w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
                content.write(w);
            }
        }
        return p;
    }

    private static Path binary() throws IOException {
        Path p = tmp.resolve("binary.yaml");
        if (!Files.exists(p)) {
            byte[] b = new byte[1024 * 1024];
            new java.util.Random(16).nextBytes(b);
            Files.write(p, b);
        }
        return p;
    }

    private static void aliasBomb(Writer w) throws IOException {
        w.write("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String prev = "a";
        for (String n : new String[] {"b", "c", "d", "e", "f", "g", "h", "i"}) {
            w.write(n + ": &" + n + " [" + ("*" + prev + ",").repeat(8) + "*" + prev + "]\n");
            prev = n;
        }
        w.write("jobs: *i\n");
    }

    /** Under SnakeYAML's alias limit: 49 jobs whose parameters alias one mapping of 20,000 keys (980,000 values). */
    private static void mappingAliasBomb(Writer w) throws IOException {
        w.write("params: &p\n");
        for (int i = 0; i < 20_000; i++) {
            w.write("  k" + i + ": v\n");
        }
        w.write("jobs:\n");
        for (int i = 0; i < 49; i++) {
            w.write("  - {name: j" + i + ", class: ai.ringrift.cli.testjobs.ProbeJob, interval: 1m, parameters: *p}\n");
        }
    }

    private static void duplicateNames(Writer w, int length, int jobs) throws IOException {
        w.write("jobs:\n  - {name: &n ");
        w.write("n".repeat(length));
        w.write(", class: ai.ringrift.cli.testjobs.ProbeJob, interval: 1m}\n");
        for (int i = 1; i < jobs; i++) {
            w.write("  - {name: *n, class: ai.ringrift.cli.testjobs.ProbeJob, interval: 1m}\n");
        }
    }

    private static void unknownKeys(Writer w, int megabytes) throws IOException {
        long size = 0;
        for (int i = 0; size < megabytes * 1024L * 1024L; i++) {
            String line = "unknownkey" + i + ": " + i + "\n";
            w.write(line);
            size += line.length();
        }
    }
}
