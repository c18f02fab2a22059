package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CleanupJobTest {

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    /** Every fixture file with its age; sizes differ so that byte sums identify the files. */
    private static final Map<String, Duration> FIXTURE = new LinkedHashMap<>();

    static {
        FIXTURE.put("tmp/old.tmp", Duration.ofHours(1));
        FIXTURE.put("tmp/sub/fresh.tmp", Duration.ZERO);
        FIXTURE.put("logs/4d.log", Duration.ofDays(4));
        FIXTURE.put("logs/2d.log", Duration.ofDays(2));
        FIXTURE.put("logs/1h.log", Duration.ofHours(1));
        for (int i = 1; i <= 5; i++) {
            FIXTURE.put("models/hex5/checkpoint-2025010" + (6 - i) + "T000000.000Z.json", Duration.ofDays(i));
        }
        FIXTURE.put("models/hex5/promoted.json", Duration.ofDays(40));
        FIXTURE.put("games/hex5/old.jsonl", Duration.ofDays(15));
        FIXTURE.put("games/hex5/new.jsonl", Duration.ofDays(13));
        FIXTURE.put("archive/hex5/old.jsonl", Duration.ofDays(30));
        FIXTURE.put("health.json", Duration.ofDays(30));
        FIXTURE.put("ringrift.mv.db", Duration.ofDays(30));
    }

    /** The checkpoint promoted.json names: the oldest, which cleanup must keep anyway. */
    private static final String PROMOTED = "models/hex5/checkpoint-20250101T000000.000Z.json";

    private static final Map<Integer, List<String>> EXPECTED = Map.of(
            0, List.of(),
            1, List.of("tmp/old.tmp"),
            2, List.of("tmp/old.tmp", "logs/4d.log"),
            3, List.of("tmp/old.tmp", "logs/4d.log", "models/hex5/checkpoint-20250102T000000.000Z.json"),
            4, List.of("tmp/old.tmp", "logs/4d.log", "logs/2d.log",
                    "models/hex5/checkpoint-20250102T000000.000Z.json",
                    "models/hex5/checkpoint-20250103T000000.000Z.json", "games/hex5/old.jsonl"));

    private static Map<String, Long> createFixture(Path data) throws Exception {
        Map<String, Long> sizes = new HashMap<>();
        Instant now = Instant.now();
        int n = 0;
        for (Map.Entry<String, Duration> e : FIXTURE.entrySet()) {
            Path file = data.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            if (e.getKey().endsWith("promoted.json")) {
                Checkpoint cp = new Checkpoint("hex5/checkpoint-20250101T000000.000Z", "hex5", 5, now.toString(), 1, 1,
                        1, 0, 1, 0.01, List.of(0.6), 0.5, null, 0, new double[26]);
                new Promotion(cp.modelId(), "hex5", 1600, 10, now.toString(), cp).write(file);
            } else {
                Files.write(file, new byte[1000 * (1 << (n++ % 12))]);
            }
            Files.setLastModifiedTime(file, FileTime.from(now.minus(e.getValue())));
            sizes.put(e.getKey(), Files.size(file));
        }
        return sizes;
    }

    private static Set<String> files(Path data) throws Exception {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(Files::isRegularFile).map(p -> data.relativize(p).toString().replace('\\', '/'))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void eachDiskLevelDeletesExactlyTheExpectedFiles(int level, @TempDir Path data) throws Exception {
        Map<String, Long> sizes = createFixture(data);
        long expectedBytes = EXPECTED.get(level).stream().mapToLong(sizes::get).sum();

        Map<String, String> params = Map.of("data_dir", data.toString(), GuardKeys.DISK_LEVEL,
                Integer.toString(level), GuardKeys.LEVEL, "4", "dry_run", "true");
        String dry = harness.run(CleanupJob.class, params).resultOrFail();
        assertThat(files(data)).isEqualTo(new TreeSet<>(FIXTURE.keySet()));
        assertThat(dry).startsWith("dry run: would free " + expectedBytes + " bytes")
                .contains("at disk level " + level + " (" + GuardKeys.DISK_LEVEL + ")");

        Map<String, String> real = new HashMap<>(params);
        real.put("dry_run", "false");
        String result = harness.run(CleanupJob.class, real).resultOrFail();
        Set<String> remaining = new TreeSet<>(FIXTURE.keySet());
        EXPECTED.get(level).forEach(remaining::remove);
        assertThat(files(data)).isEqualTo(remaining);
        assertThat(files(data)).contains(PROMOTED, "models/hex5/promoted.json", "archive/hex5/old.jsonl",
                "ringrift.mv.db", "health.json", "tmp/sub/fresh.tmp");
        assertThat(result).startsWith("freed " + expectedBytes + " bytes")
                .contains("deleted " + EXPECTED.get(level).size() + " of " + EXPECTED.get(level).size());
    }

    @Test
    void fallsBackToTheGuardLevelAndTheParameterWins(@TempDir Path data) throws Exception {
        Map<String, Long> sizes = createFixture(data);
        String result = harness.run(CleanupJob.class, Map.of("data_dir", data.toString(), GuardKeys.LEVEL, "2"))
                .resultOrFail();
        assertThat(result).startsWith("freed " + (sizes.get("tmp/old.tmp") + sizes.get("logs/4d.log")) + " bytes")
                .contains("(" + GuardKeys.LEVEL + ")");

        result = harness.run(CleanupJob.class, Map.of("data_dir", data.toString(), GuardKeys.DISK_LEVEL, "4",
                "level", "0")).resultOrFail();
        assertThat(result).startsWith("freed 0 bytes").contains("(parameter level)");
    }

    @Test
    void computesTheLevelFromTheDiskWhenTheGuardGivesNone(@TempDir Path data) throws Exception {
        createFixture(data);
        String result = harness.run(CleanupJob.class, Map.of("data_dir", data.toString(), "dry_run", "true",
                "disk_max_pct", "100")).resultOrFail();
        assertThat(result).containsPattern("at disk level [0-4] \\(disk [0-9.]+% used of limit 100%\\)");
        assertThat(files(data)).isEqualTo(new TreeSet<>(FIXTURE.keySet()));
    }

    @Test
    void badLevelIsRejected(@TempDir Path data) throws Exception {
        JobHarness.Outcome o = harness.run(CleanupJob.class, Map.of("data_dir", data.toString(),
                GuardKeys.DISK_LEVEL, "7"));
        assertThat(o.error().getMessage()).contains(GuardKeys.DISK_LEVEL).contains("0 to 4");
    }
}
