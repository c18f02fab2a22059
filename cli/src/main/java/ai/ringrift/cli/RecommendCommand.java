package ai.ringrift.cli;

import ai.ringrift.guard.api.ApiSettings;
import ai.ringrift.guard.api.ResourceChecker;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.fleet.FleetReport;
import ai.ringrift.guard.policy.HostTier;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import picocli.CommandLine.Command;

/** {@code ringrift recommend}: this host's tier, its utilisation target and what to do now. */
@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = "This host's tier and utilisation target, recommended actions from a fresh sample, and scale"
                + " advice per node and job from the registry (advice only).")
final class RecommendCommand extends BaseCommand {

    @Override
    public Integer call() {
        GuardConfig config = config();
        try (Sampler sampler = LocalReadings.sampler(config.sampling())) {
            Snapshot s = sampler.sampleOnce();
            HostTier tier = config.tiers().fixedTier().orElseGet(() -> {
                Reading mem = s.reading(Resource.MEMORY);
                return HostTier.detectFromBytes(mem == null ? 0 : mem.totalBytes(), s.reading(Resource.GPU) != null);
            });
            Reading mem = s.reading(Resource.MEMORY);
            out().println("tier    " + tier + (config.tiers().fixedTier().isPresent() ? " (set in guard.yaml)"
                    : " (detected: " + (mem == null ? "memory unknown" : Math.round(mem.totalBytes() / 1073741824.0)
                    + " GB RAM") + ", " + (s.reading(Resource.GPU) != null ? "GPU" : "no GPU") + ")"));
            out().println("target  " + StatusPrinter.pct(config.tiers().target(tier)) + " utilisation");
            ResourceChecker checker = new ResourceChecker(sampler, config.limits(),
                    ApiSettings.DEFAULTS, Clock.systemUTC());
            out().println("recommendations:");
            checker.recommendedActions().forEach(line -> out().println("  - " + line));
        }
        FleetReport fleet;
        try {
            fleet = StatusCommand.fleetReport(config);
        } catch (java.sql.SQLException | RuntimeException e) {
            out().println("scale advice: unknown (" + e.getMessage() + ")");
            return ExitCodes.OK;
        }
        FleetPrinter.printAdvice(fleet, out());
        return ExitCodes.OK;
    }
}
