package ai.ringrift.guard.caps;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code caps}: fleet-wide caps on running fires (docs/fleet.md). A fire of a job that a rule
 * matches (the first matching rule counts) runs only with a slot of that cap; over the cap it is
 * DEFERred with reason {@code CAP}.
 *
 * @param rules {@code rules}: the caps, first match wins (default: {@link CapRule#SELFPLAY});
 *              an empty list turns caps off
 * @param lease {@code lease}: how long a slot is held without its node renewing it (a third of it
 *              is the renewal period); a dead node's slots come back after at most this long.
 *              At least 3 s (default 30 s)
 */
public record CapsSettings(List<CapRule> rules, Duration lease) implements Checked {

    public static final CapsSettings DEFAULTS = new CapsSettings(List.of(CapRule.SELFPLAY), Duration.ofSeconds(30));
    public static final CapsSettings NONE = new CapsSettings(List.of(), Duration.ofSeconds(30));

    public CapsSettings {
        rules = List.copyOf(rules);
        Objects.requireNonNull(lease, "lease");
    }

    /** The first rule covering {@code jobName}. */
    public Optional<CapRule> ruleFor(String jobName) {
        for (CapRule r : rules) {
            if (r.matches(jobName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** How often a node renews its slots: a third of the lease. */
    public Duration renewEvery() {
        return lease.dividedBy(3);
    }

    @Override
    public void check(Problems p, String path) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            String at = Problems.path(path, "rules[" + i + "]");
            CapRule r = rules.get(i);
            r.check(p, at);
            if (!names.add(r.name())) {
                p.error(Problems.path(at, "name"), "names a cap already defined above ('" + r.name() + "')");
            }
        }
        Checks.atLeast(p, Problems.path(path, "lease"), lease, Duration.ofSeconds(3));
    }
}
