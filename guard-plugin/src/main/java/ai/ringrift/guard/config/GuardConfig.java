package ai.ringrift.guard.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The whole of {@code guard.yaml}, one record per section. Build it with {@link ConfigLoader}
 * (which validates) or {@link #defaults()}; every section has documented defaults, so an empty
 * file gives {@link #defaults()}.
 */
public record GuardConfig(NodeConfig node, LimitsConfig limits, LevelsConfig levels, SamplingConfig sampling,
                          TiersConfig tiers, PolicyConfig policy, DeferralConfig deferral, BreakerConfig breaker,
                          SpawnRateConfig spawnRate, DatabaseConfig database, QuartzConfig quartz,
                          DashboardConfig dashboard, MetricsConfig metrics, AuditConfig audit, List<JobConfig> jobs) {

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
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(quartz, "quartz");
        Objects.requireNonNull(dashboard, "dashboard");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(audit, "audit");
        jobs = List.copyOf(jobs);
    }

    /** Every default, no jobs. */
    public static GuardConfig defaults() {
        return new GuardConfig(NodeConfig.defaults(), LimitsConfig.defaults(), LevelsConfig.defaults(),
                SamplingConfig.defaults(), TiersConfig.defaults(), PolicyConfig.defaults(), DeferralConfig.defaults(),
                BreakerConfig.defaults(), SpawnRateConfig.defaults(), DatabaseConfig.defaults(),
                QuartzConfig.defaults(), DashboardConfig.defaults(), MetricsConfig.defaults(), AuditConfig.defaults(),
                List.of());
    }

    public GuardConfig withJobs(List<JobConfig> newJobs) {
        return new GuardConfig(node, limits, levels, sampling, tiers, policy, deferral, breaker, spawnRate, database,
                quartz, dashboard, metrics, audit, newJobs);
    }

    public GuardConfig withNode(NodeConfig newNode) {
        return new GuardConfig(newNode, limits, levels, sampling, tiers, policy, deferral, breaker, spawnRate,
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
