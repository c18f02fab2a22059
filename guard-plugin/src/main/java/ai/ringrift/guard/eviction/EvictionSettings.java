package ai.ringrift.guard.eviction;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.time.Duration;

/**
 * {@code eviction}: level 4 ("abort operations") interrupts running fires ({@link Evictor}).
 *
 * @param enabled     {@code enabled}: whether the guard interrupts running fires at level 4 (default true);
 *                    shadow mode ({@code policy.shadow}) audits would-be evictions and interrupts nothing
 * @param interval    {@code interval}: at most one eviction per interval, re-measuring between (the
 *                    kubelet's pace); null (the default) is {@value #DEFAULT_SAMPLES} sampling intervals;
 *                    when set, at least 1 s
 * @param gracePeriod {@code gracePeriod}: an interrupted fire still running this long after its
 *                    interrupt is reported (audit row, metric, log), never killed (default 30 s; at least 0)
 */
public record EvictionSettings(boolean enabled, Duration interval, Duration gracePeriod) implements Checked {

    /** Sampling intervals per eviction interval when {@code interval} is not set. */
    public static final int DEFAULT_SAMPLES = 2;
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
    public static final EvictionSettings DEFAULTS = new EvictionSettings(true, null, DEFAULT_GRACE);

    public EvictionSettings {
        if (gracePeriod == null) {
            gracePeriod = DEFAULT_GRACE;
        }
    }

    /** The eviction interval on a host sampled every {@code samplingInterval}. */
    public Duration intervalFor(Duration samplingInterval) {
        return interval != null ? interval : samplingInterval.multipliedBy(DEFAULT_SAMPLES);
    }

    public EvictionSettings withEnabled(boolean v) {
        return new EvictionSettings(v, interval, gracePeriod);
    }

    public EvictionSettings withInterval(Duration v) {
        return new EvictionSettings(enabled, v, gracePeriod);
    }

    public EvictionSettings withGracePeriod(Duration v) {
        return new EvictionSettings(enabled, interval, v);
    }

    @Override
    public void check(Problems p, String path) {
        if (interval != null) {
            Checks.atLeast(p, Problems.path(path, "interval"), interval, MIN_INTERVAL);
        }
        Checks.notNegative(p, Problems.path(path, "gracePeriod"), gracePeriod);
    }
}
