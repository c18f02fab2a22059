package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.examples.jobs.CleanupPlan.Candidate;
import ai.ringrift.examples.jobs.CleanupPlan.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CleanupPlanTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private final List<Candidate> files = new ArrayList<>();

    private Candidate add(String path, Kind kind, String group, Duration age) {
        Candidate c = new Candidate(Path.of("/d", path), kind, group, path.length() * 100L, NOW.minus(age));
        files.add(c);
        return c;
    }

    private List<String> deleted(int level, Set<Path> protectedPaths) {
        return CleanupPlan.plan(level, files, protectedPaths, NOW, CleanupPlan.Rules.DEFAULT).deletions().stream()
                .map(d -> d.file().path().toString().substring(3)).sorted().toList();
    }

    @Test
    void eachLevelSelectsExactlyItsFiles() {
        add("tmp/old", Kind.TMP, "", Duration.ofHours(1));
        add("tmp/fresh", Kind.TMP, "", Duration.ofMinutes(1));
        add("logs/4d.log", Kind.LOG, "", Duration.ofDays(4));
        add("logs/2d.log", Kind.LOG, "", Duration.ofDays(2));
        add("logs/1h.log", Kind.LOG, "", Duration.ofHours(1));
        for (int i = 1; i <= 5; i++) {
            add("models/hex5/cp" + i, Kind.CHECKPOINT, "hex5", Duration.ofDays(i)); // cp1 newest
        }
        add("models/hex4/cp1", Kind.CHECKPOINT, "hex4", Duration.ofDays(30));
        add("models/hex4/cp2", Kind.CHECKPOINT, "hex4", Duration.ofDays(31));
        add("games/hex5/old", Kind.GAME, "", Duration.ofDays(15));
        add("games/hex5/new", Kind.GAME, "", Duration.ofDays(13));

        assertThat(deleted(0, Set.of())).isEmpty();
        assertThat(deleted(1, Set.of())).containsExactly("tmp/old");
        assertThat(deleted(2, Set.of())).containsExactly("logs/4d.log", "tmp/old");
        assertThat(deleted(3, Set.of())).containsExactly("logs/4d.log", "models/hex5/cp4", "models/hex5/cp5",
                "tmp/old");
        assertThat(deleted(4, Set.of())).containsExactly("games/hex5/old", "logs/2d.log", "logs/4d.log",
                "models/hex5/cp3", "models/hex5/cp4", "models/hex5/cp5", "tmp/old");
    }

    @Test
    void theProtectedCheckpointIsNeverSelectedNorCounted() {
        for (int i = 1; i <= 5; i++) {
            add("models/hex5/cp" + i, Kind.CHECKPOINT, "hex5", Duration.ofDays(i));
        }
        Set<Path> promoted = Set.of(Path.of("/d/models/hex5/cp5"));
        assertThat(deleted(3, promoted)).containsExactly("models/hex5/cp4");
        assertThat(deleted(4, promoted)).containsExactly("models/hex5/cp3", "models/hex5/cp4");
    }

    @Test
    void bytesAndCountsAddUp() {
        Candidate a = add("tmp/a", Kind.TMP, "", Duration.ofDays(1));
        Candidate b = add("logs/b", Kind.LOG, "", Duration.ofDays(5));
        CleanupPlan plan = CleanupPlan.plan(2, files, Set.of(), NOW, CleanupPlan.Rules.DEFAULT);
        assertThat(plan.bytes()).isEqualTo(a.size() + b.size());
        assertThat(plan.countByKind()).containsEntry(Kind.TMP, 1).containsEntry(Kind.LOG, 1)
                .containsEntry(Kind.CHECKPOINT, 0).containsEntry(Kind.GAME, 0);
        assertThat(plan.deletions()).extracting(CleanupPlan.Deletion::reason)
                .containsExactlyInAnyOrder("temporary file (level 2)", "log older than 3 days (level 2)");
    }

    @Test
    void levelOutsideRangeIsRejected() {
        assertThatThrownBy(() -> CleanupPlan.plan(5, files, Set.of(), NOW, CleanupPlan.Rules.DEFAULT))
                .hasMessageContaining("0-4");
    }

    @Test
    void diskLevelBands() {
        assertThat(DiskLevel.forUsedPercent(48, 70)).isEqualTo(0);   // ratio 0.686
        assertThat(DiskLevel.forUsedPercent(49, 70)).isEqualTo(1);   // 0.70
        assertThat(DiskLevel.forUsedPercent(59.5, 70)).isEqualTo(2); // 0.85
        assertThat(DiskLevel.forUsedPercent(66.5, 70)).isEqualTo(3); // 0.95
        assertThat(DiskLevel.forUsedPercent(70, 70)).isEqualTo(4);
        assertThat(DiskLevel.forUsedPercent(99, 70)).isEqualTo(4);
    }
}
