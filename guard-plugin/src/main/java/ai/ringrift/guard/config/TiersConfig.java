package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

import ai.ringrift.guard.policy.HostTier;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tiers}: the host class and the utilisation target of each class.
 *
 * @param tier    the class of this host, or {@code null} for {@code auto} (detected from RAM and GPU)
 * @param targets target percent per class (default HIGH_END 65, MID_TIER 60, LOW_TIER 55, CPU_ONLY 50)
 */
public record TiersConfig(HostTier tier, Map<HostTier, Double> targets) implements Checked {

    public TiersConfig {
        EnumMap<HostTier, Double> m = new EnumMap<>(HostTier.class);
        m.putAll(targets);
        targets = Collections.unmodifiableMap(m);
    }

    public static TiersConfig defaults() {
        return new TiersConfig(null, Map.of(HostTier.HIGH_END, 65.0, HostTier.MID_TIER, 60.0,
                HostTier.LOW_TIER, 55.0, HostTier.CPU_ONLY, 50.0));
    }

    @Override
    public void check(Problems p, String path) {
        for (HostTier t : HostTier.values()) {
            Checks.percent(p, Problems.path(path, "targets." + t.name()), target(t), false);
        }
    }

    public boolean auto() {
        return tier == null;
    }

    public Optional<HostTier> fixedTier() {
        return Optional.ofNullable(tier);
    }

    public double target(HostTier t) {
        return targets.get(t);
    }
}
