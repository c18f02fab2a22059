package ai.ringrift.guard.runtime;

import ai.ringrift.guard.config.DeferralConfig;
import ai.ringrift.guard.config.FailAction;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.PolicyAction;
import ai.ringrift.guard.pipeline.Backoff;
import ai.ringrift.guard.jobrunr.JobRunrSettings;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.FailPolicy;
import ai.ringrift.guard.policy.LevelTable;
import ai.ringrift.guard.policy.PolicyConfig;
import ai.ringrift.guard.policy.Rule;
import ai.ringrift.guard.safety.BreakerConfig;
import ai.ringrift.guard.safety.SpawnRateConfig;
import ai.ringrift.scheduler.model.Priority;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Maps the validated {@code guard.yaml} model onto the runtime's configuration objects (engine,
 * breakers, spawn rate, deferral backoff, JobRunr). One place, so that a key means the same
 * thing to every part.
 */
public final class ConfigMapping {

    private ConfigMapping() {
    }

    /** The decision engine's policy: limits, bands, hysteresis, table, resize fractions, fail policy. */
    public static PolicyConfig policy(GuardConfig c) {
        var p = c.policy();
        List<List<Rule>> rows = new ArrayList<>();
        for (int level = 0; level < LevelTable.LEVELS; level++) {
            List<Rule> row = new ArrayList<>();
            for (Priority pr : Priority.values()) {
                row.add(rule(p.table().action(level, pr), level));
            }
            rows.add(row);
        }
        Map<Priority, Action> fail = new EnumMap<>(Priority.class);
        for (Priority pr : Priority.values()) {
            fail.put(pr, p.failAction(pr) == FailAction.ALLOW ? Action.ALLOW : Action.DEFER);
        }
        List<Double> fractions = List.of(1.0, 1.0, p.resizeLevel2(), p.resizeLevel3(), p.resizeLevel3());
        return new PolicyConfig(c.limits().toLimits(), c.levels().bands(), c.levels().margin(), c.levels().dwell(),
                LevelTable.of(rows), fractions, new FailPolicy(fail, PolicyConfig.DEFAULTS.deferHint()),
                p.shadow(), PolicyConfig.DEFAULTS.deferHint());
    }

    /**
     * {@code resize} in the file means "resize to the level's fraction"; at level 3 and above a job
     * without a resizable parameter is deferred instead (DESIGN.md section 4).
     */
    static Rule rule(PolicyAction action, int level) {
        return switch (action) {
            case ALLOW -> Rule.ALLOW;
            case DEFER -> Rule.DEFER;
            case VETO -> Rule.VETO;
            case RESIZE -> level >= 3 ? Rule.RESIZE_OR_DEFER : Rule.RESIZE;
        };
    }

    public static BreakerConfig breaker(GuardConfig c) {
        var b = c.breaker();
        return new BreakerConfig(b.consecutiveFailures(), b.failureRateThreshold() / 100.0, b.window(),
                b.window(), b.openDuration(), b.maxOpenDuration());
    }

    public static SpawnRateConfig spawnRate(GuardConfig c) {
        var s = c.spawnRate();
        return new SpawnRateConfig(s.perMinute(), s.burst(), s.criticalBypass());
    }

    public static Backoff backoff(GuardConfig c) {
        DeferralConfig d = c.deferral();
        return new Backoff(d.initialBackoff(), d.multiplier(), d.maxBackoff(), d.jitter());
    }

    /** JobRunr: dashboard from the config, poll interval 5 s (JobRunr's minimum) for prompt re-fires. */
    public static JobRunrSettings jobrunr(GuardConfig c) {
        var d = c.dashboard();
        return new JobRunrSettings(JobRunrSettings.DEFAULT_TABLE_PREFIX, Duration.ofSeconds(5), 2,
                "ringrift-" + c.node().id(), d.enabled(), d.host(), d.port(), d.username(), d.password());
    }
}
