package ai.ringrift.guard.pipeline;

import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.ResourceLimit;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.util.Locale;

/**
 * The short name of a deferral where lists show only names (JobRunr's Scheduled jobs):
 * {@code selfplay deferred: disk 72% > 70% (attempt 2)}. The reason is the resource over its line
 * (its max, else its warn line), {@code cpu level 4 held, now 3%} under hysteresis, or the reason
 * code in words; the decision's full sentence stays the scheduled state's reason. At most
 * {@value #MAX} characters: the job name is cut first.
 */
public final class DeferralTitle {

    /** The longest title (Quartz's job name column is 200 characters; JobRunr shows the name in one line). */
    public static final int MAX = 200;

    private DeferralTitle() {
    }

    public static String of(String jobName, Decision d, Snapshot snapshot, EngineSettings policy, int attempt) {
        return fit(jobName, " deferred: " + why(d, snapshot, policy) + " (attempt " + attempt + ")");
    }

    /** The re-run of an evicted fire: {@code selfplay evicted at level 4, re-runs (attempt 1)}. */
    public static String evicted(String jobName, int level, int attempt) {
        return fit(jobName, " evicted at level " + level + ", re-runs (attempt " + attempt + ")");
    }

    private static String fit(String jobName, String tail) {
        String name = jobName.length() + tail.length() <= MAX ? jobName
                : jobName.substring(0, Math.max(1, MAX - tail.length() - 1)) + "~";
        String title = name + tail;
        return title.length() <= MAX ? title : title.substring(0, MAX);
    }

    static String why(Decision d, Snapshot snapshot, EngineSettings policy) {
        switch (d.reasonCode()) {
            case BREAKER_OPEN:
                return "circuit breaker open";
            case SPAWN_RATE:
                return "spawn rate limit";
            case SENSOR_STALE:
                return "sensor data stale";
            case GUARD_ERROR:
                return "guard error";
            case HEADROOM:
                return "not enough headroom";
            default:
                break;
        }
        Resource r = d.worstResource();
        Reading reading = r == null || snapshot == null ? null : snapshot.reading(r);
        if (reading == null) {
            return "level " + d.level();
        }
        ResourceLimit limit = policy.limits().of(r);
        double used = reading.usedPercent();
        if (policy.levelOf(limit.ratio(r, reading)) < d.level()) {
            return r.key() + " level " + d.level() + " held, now " + pct(used);
        }
        double line = used >= limit.maxPercent() ? limit.maxPercent() : limit.warnPercent();
        return used >= line ? r.key() + " " + pct(used) + " > " + pct(line)
                : r.key() + " " + pct(used) + " (level " + d.level() + ")";
    }

    private static String pct(double v) {
        return Math.abs(v - Math.rint(v)) < 0.05 ? String.format(Locale.ROOT, "%d%%", Math.round(v))
                : String.format(Locale.ROOT, "%.1f%%", v);
    }
}
