package ai.ringrift.examples.jobs;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which files a cleanup at a given disk level deletes: a pure function of the level, the files
 * (kind, group, size, modification time), the protected paths and the clock. Graded as the seed
 * does it:
 * <ul>
 *   <li>level 1 and up: temporary files (older than {@link Rules#tmpGrace()}, so a file being
 *       written right now survives);</li>
 *   <li>level 2 and up: logs older than 3 days;</li>
 *   <li>level 3 and up: model checkpoints beyond the newest 3 of each configuration;</li>
 *   <li>level 4: logs older than 1 day, checkpoints beyond the newest 2, games older than 14 days.</li>
 * </ul>
 * Protected paths (the promoted model's checkpoint) are never selected and do not count toward the
 * newest checkpoints kept.
 */
public final class CleanupPlan {

    /** What a file is, by where it lives in the data directory. */
    public enum Kind {
        TMP("tmp files"), LOG("logs"), CHECKPOINT("checkpoints"), GAME("games files");

        private final String plural;

        Kind(String plural) {
            this.plural = plural;
        }

        public String plural() {
            return plural;
        }
    }

    /**
     * A file cleanup may delete.
     *
     * @param path     the file
     * @param kind     its kind
     * @param group    the configuration of a checkpoint (checkpoints are kept per group); any value otherwise
     * @param size     bytes
     * @param modified last modification
     */
    public record Candidate(Path path, Kind kind, String group, long size, Instant modified) {
        public Candidate {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
            group = group == null ? "" : group;
            Objects.requireNonNull(modified, "modified");
        }
    }

    /**
     * A selected file and why.
     *
     * @param file   the file
     * @param reason e.g. {@code log older than 3 days (level 2)}
     */
    public record Deletion(Candidate file, String reason) {
    }

    /**
     * The thresholds; {@link #DEFAULT} is the seed's.
     *
     * @param tmpGrace            temporary files younger than this are kept
     * @param logAge              logs older than this go from level 2
     * @param logAgeCritical      logs older than this go at level 4
     * @param keepCheckpoints     newest checkpoints kept per configuration from level 3
     * @param keepCheckpointsCritical newest checkpoints kept at level 4
     * @param gameAgeCritical     games older than this go at level 4
     */
    public record Rules(Duration tmpGrace, Duration logAge, Duration logAgeCritical, int keepCheckpoints,
                        int keepCheckpointsCritical, Duration gameAgeCritical) {
        public static final Rules DEFAULT = new Rules(Duration.ofMinutes(5), Duration.ofDays(3), Duration.ofDays(1),
                3, 2, Duration.ofDays(14));
    }

    private final int level;
    private final List<Deletion> deletions;

    private CleanupPlan(int level, List<Deletion> deletions) {
        this.level = level;
        this.deletions = List.copyOf(deletions);
    }

    /**
     * Plans a cleanup.
     *
     * @param level          disk level 0-4
     * @param files          all candidate files
     * @param protectedPaths files never to select
     * @param now            the clock
     * @param rules          thresholds
     * @throws IllegalArgumentException when the level is outside 0-4
     */
    public static CleanupPlan plan(int level, Collection<Candidate> files, Set<Path> protectedPaths, Instant now,
                                   Rules rules) {
        if (level < 0 || level > 4) {
            throw new IllegalArgumentException("disk level must be 0-4, was " + level);
        }
        List<Deletion> out = new ArrayList<>();
        List<Candidate> eligible = files.stream().filter(f -> !protectedPaths.contains(f.path()))
                .sorted(Comparator.comparing(Candidate::path)).collect(Collectors.toList());
        boolean critical = level >= 4;
        if (level >= 1) {
            for (Candidate f : eligible) {
                if (f.kind() == Kind.TMP && olderThan(f, now, rules.tmpGrace())) {
                    out.add(new Deletion(f, "temporary file (level " + level + ")"));
                }
            }
        }
        if (level >= 2) {
            Duration age = critical ? rules.logAgeCritical() : rules.logAge();
            for (Candidate f : eligible) {
                if (f.kind() == Kind.LOG && olderThan(f, now, age)) {
                    out.add(new Deletion(f, "log older than " + days(age) + " (level " + level + ")"));
                }
            }
        }
        if (level >= 3) {
            int keep = critical ? rules.keepCheckpointsCritical() : rules.keepCheckpoints();
            Map<String, List<Candidate>> byGroup = new LinkedHashMap<>();
            eligible.stream().filter(f -> f.kind() == Kind.CHECKPOINT)
                    .forEach(f -> byGroup.computeIfAbsent(f.group(), g -> new ArrayList<>()).add(f));
            for (List<Candidate> group : byGroup.values()) {
                group.sort(Comparator.comparing(Candidate::modified).thenComparing(Candidate::path).reversed());
                for (Candidate f : group.subList(Math.min(keep, group.size()), group.size())) {
                    out.add(new Deletion(f, "checkpoint beyond the newest " + keep + " of " + f.group()
                            + " (level " + level + ")"));
                }
            }
        }
        if (critical) {
            for (Candidate f : eligible) {
                if (f.kind() == Kind.GAME && olderThan(f, now, rules.gameAgeCritical())) {
                    out.add(new Deletion(f, "games file older than " + days(rules.gameAgeCritical())
                            + " (level " + level + ")"));
                }
            }
        }
        return new CleanupPlan(level, out);
    }

    public int level() {
        return level;
    }

    public List<Deletion> deletions() {
        return deletions;
    }

    /** Bytes the deletions free. */
    public long bytes() {
        return deletions.stream().mapToLong(d -> d.file().size()).sum();
    }

    /** Number of deletions per kind (every kind present, zero when none). */
    public Map<Kind, Integer> countByKind() {
        Map<Kind, Integer> m = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            m.put(k, 0);
        }
        deletions.forEach(d -> m.merge(d.file().kind(), 1, Integer::sum));
        return m;
    }

    private static boolean olderThan(Candidate f, Instant now, Duration age) {
        return f.modified().isBefore(now.minus(age));
    }

    private static String days(Duration d) {
        long days = d.toDays();
        return days == 1 ? "1 day" : days > 1 ? days + " days" : d.toMinutes() + " minutes";
    }
}
