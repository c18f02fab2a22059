package ai.ringrift.guard.policy;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;
import java.util.Objects;

/**
 * What the decision engine's rules depend on besides breakers and the spawn rate: the sections
 * {@code limits}, {@code levels} and {@code policy} of {@code guard.yaml}, as they are bound.
 * {@link DecisionEngine} refuses settings that break {@link #check}.
 *
 * @param limits max/warn/minFreeGb per resource ({@link Limits#DEFAULTS})
 * @param levels band edges, hysteresis margin and dwell ({@link LevelSettings#DEFAULTS})
 * @param policy table, resize shares, fail policy, shadow mode ({@link PolicySettings#DEFAULTS})
 */
public record EngineSettings(Limits limits, LevelSettings levels, PolicySettings policy) implements Checked {

    /** How far ahead a LEVEL or HEADROOM deferral suggests firing again; the deferral backoff has the final word. */
    public static final Duration DEFER_HINT = Duration.ofSeconds(30);

    public static final EngineSettings DEFAULTS =
            new EngineSettings(Limits.DEFAULTS, LevelSettings.DEFAULTS, PolicySettings.DEFAULTS);

    public EngineSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(levels, "levels");
        Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void check(Problems p, String path) {
        limits.check(p, Problems.path(path, "limits"));
        levels.check(p, Problems.path(path, "levels"));
        policy.check(p, Problems.path(path, "policy"));
    }

    public LevelTable table() {
        return policy.table();
    }

    public FailPolicy failPolicy() {
        return policy.failPolicy();
    }

    public boolean shadow() {
        return policy.shadow();
    }

    public Duration deferHint() {
        return DEFER_HINT;
    }

    public EngineSettings withLimits(Limits l) {
        return new EngineSettings(l, levels, policy);
    }

    public EngineSettings withLevels(LevelSettings l) {
        return new EngineSettings(limits, l, policy);
    }

    public EngineSettings withPolicy(PolicySettings p) {
        return new EngineSettings(limits, levels, p);
    }

    public EngineSettings withTable(LevelTable t) {
        return withPolicy(policy.withTable(t));
    }

    public EngineSettings withFailPolicy(FailPolicy f) {
        return withPolicy(policy.withFailPolicy(f));
    }

    public EngineSettings withShadow(boolean s) {
        return withPolicy(policy.withShadow(s));
    }

    public EngineSettings withHysteresis(double margin, Duration dwell) {
        return withLevels(levels.withHysteresis(margin, dwell));
    }

    /** The level (0-4) of a ratio, without hysteresis. Edges belong to the upper level. */
    public int levelOf(double ratio) {
        return levels.levelOf(ratio);
    }
}
