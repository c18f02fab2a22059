package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.Priority;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The level x priority table: which {@link Rule} applies to a job of a priority at a degradation
 * level. Default (DESIGN.md section 4: work proceeds when its priority is at least the level,
 * NORMAL work is resized instead of paused at levels 2 and 3):
 *
 * <pre>
 * level        BACKGROUND LOW   NORMAL           HIGH  CRITICAL
 * 0 Normal     allow      allow allow            allow allow
 * 1 Light      defer      allow allow            allow allow
 * 2 Moderate   defer      defer resize           allow allow
 * 3 Heavy      defer      defer resize-or-defer  allow allow
 * 4 Critical   veto       defer defer            defer allow
 * </pre>
 *
 * A table must be monotone: a higher level is never more permissive for the same priority, and
 * a higher priority never less permissive at the same level; resizing happens at levels 2 and 3
 * only ({@code policy.resize.level2/level3} say by how much). These rules are {@link #check};
 * {@link #of}, {@link #parse} and {@link #with} refuse a table that breaks them. Immutable.
 */
public final class LevelTable implements Checked {

    public static final int LEVELS = 5;

    public static final LevelTable DEFAULT = parse(List.of(
            List.of("allow", "allow", "allow", "allow", "allow"),
            List.of("defer", "allow", "allow", "allow", "allow"),
            List.of("defer", "defer", "resize", "allow", "allow"),
            List.of("defer", "defer", "resize-or-defer", "allow", "allow"),
            List.of("veto", "defer", "defer", "defer", "allow")));

    private final Rule[][] rules; // [level][priority rank]

    private LevelTable(Rule[][] rules) {
        this.rules = rules;
    }

    /**
     * A table from rows by level 0-4, each with the rule of BACKGROUND, LOW, NORMAL, HIGH, CRITICAL.
     *
     * @throws IllegalArgumentException naming the cell when a row is missing or the table is not monotone
     */
    public static LevelTable of(List<List<Rule>> rows) {
        return Problems.requireValid(read(rows), "policy.table");
    }

    /**
     * A table of the right shape whose rules are not checked yet: for binding {@code guard.yaml},
     * which reports {@link #check} with the file's lines.
     *
     * @throws IllegalArgumentException when a row is missing or short
     */
    public static LevelTable read(List<List<Rule>> rows) {
        Objects.requireNonNull(rows, "table");
        if (rows.size() != LEVELS) {
            throw new IllegalArgumentException("table must have 5 rows (levels 0-4), has " + rows.size());
        }
        Rule[][] r = new Rule[LEVELS][];
        for (int level = 0; level < LEVELS; level++) {
            List<Rule> row = rows.get(level);
            if (row == null || row.size() != Priority.values().length) {
                throw new IllegalArgumentException("table.level" + level
                        + " must list 5 rules (BACKGROUND, LOW, NORMAL, HIGH, CRITICAL), has "
                        + (row == null ? 0 : row.size()));
            }
            r[level] = new Rule[Priority.values().length];
            for (int p = 0; p < r[level].length; p++) {
                r[level][p] = Objects.requireNonNull(row.get(p), "table.level" + level + "." + Priority.values()[p]);
            }
        }
        return new LevelTable(r);
    }

    /** Like {@link #of} from config spellings ({@link Rule#parse}). */
    public static LevelTable parse(List<List<String>> rows) {
        List<List<Rule>> out = new ArrayList<>();
        for (int level = 0; level < rows.size(); level++) {
            List<Rule> row = new ArrayList<>();
            for (int p = 0; p < rows.get(level).size(); p++) {
                try {
                    row.add(Rule.parse(rows.get(level).get(p)));
                } catch (IllegalArgumentException e) {
                    String who = p < Priority.values().length ? Priority.values()[p].name() : "column" + p;
                    throw new IllegalArgumentException("table.level" + level + "." + who + ": " + e.getMessage(), e);
                }
            }
            out.add(row);
        }
        return of(out);
    }

    /** The rule for a priority at a level (0-4). */
    public Rule rule(int level, Priority priority) {
        return rules[level][priority.rank()];
    }

    /** This table with one cell changed (validated). */
    public LevelTable with(int level, Priority priority, Rule rule) {
        Rule[][] copy = new Rule[LEVELS][];
        for (int i = 0; i < LEVELS; i++) {
            copy[i] = rules[i].clone();
        }
        copy[level][priority.rank()] = Objects.requireNonNull(rule, "rule");
        return Problems.requireValid(new LevelTable(copy), "policy.table");
    }

    /** Whether {@code rule} may stand at {@code level}: resizing only at levels 2 and 3. */
    private static boolean allowedAt(Rule rule, int level) {
        return level == 2 || level == 3 || (rule != Rule.RESIZE && rule != Rule.RESIZE_OR_DEFER);
    }

    @Override
    public void check(Problems problems, String path) {
        Priority[] ps = Priority.values();
        for (int level = 0; level < LEVELS; level++) {
            for (int p = 0; p < ps.length; p++) {
                Rule here = rules[level][p];
                String cell = Problems.path(path, "level" + level + "." + ps[p]);
                if (!allowedAt(here, level)) {
                    problems.error(cell, "resize is only possible at levels 2 and 3 (policy.resize.level2/level3"
                            + " say by how much): use allow, defer or veto");
                    continue;
                }
                if (level > 0 && allowedAt(rules[level - 1][p], level - 1)
                        && here.permissiveness() > rules[level - 1][p].permissiveness()) {
                    problems.error(cell, here.key() + " is more permissive than " + Problems.path(path, "level"
                            + (level - 1) + "." + ps[p]) + " (" + rules[level - 1][p].key()
                            + "): a higher level must never allow more");
                }
                if (p > 0 && allowedAt(rules[level][p - 1], level)
                        && here.permissiveness() < rules[level][p - 1].permissiveness()) {
                    problems.error(cell, here.key() + " is less permissive than " + Problems.path(path, "level"
                            + level + "." + ps[p - 1]) + " (" + rules[level][p - 1].key()
                            + "): a higher priority must never get less");
                }
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LevelTable t && Arrays.deepEquals(rules, t.rules);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(rules);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LevelTable[");
        for (int level = 0; level < LEVELS; level++) {
            sb.append(level == 0 ? "" : "; ").append(level).append(':');
            for (Rule r : rules[level]) {
                sb.append(' ').append(r.key());
            }
        }
        return sb.append(']').toString();
    }
}
