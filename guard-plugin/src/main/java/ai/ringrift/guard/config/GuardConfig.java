package ai.ringrift.guard.config;

import ai.ringrift.guard.deferral.DeferralSettings;
import ai.ringrift.guard.eviction.EvictionSettings;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.LevelSettings;
import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.policy.PolicySettings;
import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.settings.Checked;
import ai.ringrift.scheduler.SchedulerSettings;
import ai.ringrift.guard.settings.Problems;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The whole of {@code guard.yaml}, one record per section. The sections the runtime consumes are
 * its own settings records, bound straight from the file: {@code limits} ({@link Limits}),
 * {@code levels} ({@link LevelSettings}), {@code sampling} ({@link SamplingSettings}), {@code policy} ({@link PolicySettings}), {@code deferral}
 * ({@link DeferralSettings}), {@code breaker} ({@link BreakerSettings}), {@code spawnRate}
 * ({@link SpawnRateSettings}), {@code eviction} ({@link EvictionSettings}); each checks its own
 * rules. Build it with {@link ConfigLoader} (which validates) or {@link #defaults()}; every section has documented defaults, so an empty
 * file gives {@link #defaults()}.
 */
public record GuardConfig(NodeConfig node, Limits limits, LevelSettings levels, SamplingSettings sampling,
                          TiersConfig tiers, PolicySettings policy, DeferralSettings deferral, BreakerSettings breaker,
                          SpawnRateSettings spawnRate, EvictionSettings eviction, DatabaseConfig database,
                          QuartzConfig quartz, DashboardConfig dashboard, MetricsConfig metrics, AuditConfig audit, List<JobConfig> jobs)
        implements Checked {

    public GuardConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(levels, "levels");
        Objects.requireNonNull(sampling, "sampling");
        Objects.requireNonNull(tiers, "tiers");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(deferral, "deferral");
        Objects.requireNonNull(breaker, "breaker");
        Objects.requireNonNull(spawnRate, "spawnRate");
        Objects.requireNonNull(eviction, "eviction");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(quartz, "quartz");
        Objects.requireNonNull(dashboard, "dashboard");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(audit, "audit");
        jobs = List.copyOf(jobs);
    }

    /**
     * The rules of every section, each written beside its fields; the rules of {@code jobs}, which
     * need the host and the class path, are {@link ConfigValidator}'s. {@code Guard.start} refuses a
     * configuration that breaks these, with the same words {@code ringrift validate} prints.
     */
    @Override
    public void check(Problems p, String path) {
        node.check(p, Problems.path(path, "node"));
        limits.check(p, Problems.path(path, "limits"));
        levels.check(p, Problems.path(path, "levels"));
        sampling.check(p, Problems.path(path, "sampling"));
        tiers.check(p, Problems.path(path, "tiers"));
        policy.check(p, Problems.path(path, "policy"));
        deferral.check(p, Problems.path(path, "deferral"));
        breaker.check(p, Problems.path(path, "breaker"));
        spawnRate.check(p, Problems.path(path, "spawnRate"));
        eviction.check(p, Problems.path(path, "eviction"));
        database.check(p, Problems.path(path, "database"));
        quartz.check(p, Problems.path(path, "quartz"));
        poolFitsTheScheduler(p, path);
        dashboard.check(p, Problems.path(path, "dashboard"));
        metrics.check(p, Problems.path(path, "metrics"));
        audit.check(p, Problems.path(path, "audit"));
    }

    /** The daemon's scheduler takes a connection per worker and a few more from the same pool. */
    private void poolFitsTheScheduler(Problems p, String path) {
        int needed = SchedulerSettings.connectionsNeeded(quartz.threadCount());
        if (database.poolSize() >= 1 && quartz.threadCount() >= 1
                && quartz.threadCount() <= SchedulerSettings.MAX_THREAD_COUNT && database.poolSize() < needed) {
            String pool = Problems.path(path, "database.poolSize");
            String threads = Problems.path(path, "quartz.threadCount");
            p.error(p.written(pool) || !p.written(threads) ? pool : threads, "database.poolSize "
                    + database.poolSize() + " is below quartz.threadCount + " + SchedulerSettings.EXTRA_CONNECTIONS
                    + " = " + needed + ": the scheduler takes a connection per worker thread plus "
                    + SchedulerSettings.EXTRA_CONNECTIONS + "; raise database.poolSize or lower quartz.threadCount");
        }
    }

    /** Every default, no jobs. */
    public static GuardConfig defaults() {
        return new GuardConfig(NodeConfig.defaults(), Limits.DEFAULTS, LevelSettings.DEFAULTS,
                SamplingSettings.fileDefaults(), TiersConfig.defaults(), PolicySettings.DEFAULTS, DeferralSettings.DEFAULTS,
                BreakerSettings.DEFAULTS, SpawnRateSettings.DEFAULTS, EvictionSettings.DEFAULTS, DatabaseConfig.defaults(),
                QuartzConfig.defaults(), DashboardConfig.defaults(), MetricsConfig.defaults(), AuditConfig.defaults(),
                List.of());
    }

    public GuardConfig withJobs(List<JobConfig> newJobs) {
        return new GuardConfig(node, limits, levels, sampling, tiers, policy, deferral, breaker, spawnRate, eviction,
                database, quartz, dashboard, metrics, audit, newJobs);
    }

    public GuardConfig withEviction(EvictionSettings newEviction) {
        return new GuardConfig(node, limits, levels, sampling, tiers, policy, deferral, breaker, spawnRate, newEviction,
                database, quartz, dashboard, metrics, audit, jobs);
    }

    /** The decision engine's settings: {@code limits}, {@code levels} and {@code policy}. */
    public EngineSettings engine() {
        return new EngineSettings(limits, levels, policy);
    }

    public GuardConfig withDatabase(DatabaseConfig newDatabase) {
        return new GuardConfig(node, limits, levels, sampling, tiers, policy, deferral, breaker, spawnRate, eviction,
                newDatabase, quartz, dashboard, metrics, audit, jobs);
    }

    public GuardConfig withNode(NodeConfig newNode) {
        return new GuardConfig(newNode, limits, levels, sampling, tiers, policy, deferral, breaker, spawnRate, eviction,
                database, quartz, dashboard, metrics, audit, jobs);
    }

    /**
     * SHA-256 (lower-case hex) of the normalized configuration, recorded with every audited
     * decision. Equal settings give equal hashes however the file was written (order, comments,
     * {@code 60s} vs {@code 1m}). {@code node.id} is left out so a fleet sharing one file shares
     * one hash; secrets (database password, dashboard password, metrics token) count only as set or not.
     */
    public String configHash() {
        String canonical = ConfigWriter.canonical(this);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** This configuration as {@code guard.yaml} text that loads back to an equal configuration. */
    public String toYaml() {
        return ConfigWriter.toYaml(this);
    }
}
