package ai.ringrift.guard.fleet;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.scheduler.model.Priority;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code fleet}: the node's heartbeat in the registry, the bound after which a silent node is
 * lost, the emergency halt's file and bar, and which jobs scale advice is about.
 *
 * @param heartbeatInterval {@code heartbeatInterval}: how often the node writes its row and reads the halts (default 3 s)
 * @param lostAfter         {@code lostAfter}: a node silent longer than this is shown lost; at least 2 heartbeats (default 15 s)
 * @param haltFile          {@code haltFile}: while this file exists the node is halted, its first line the reason
 *                          (default none; relative to the config file's folder)
 * @param haltRunsFrom      {@code haltRunsFrom}: the lowest priority that still runs while halted (default CRITICAL)
 * @param scaleJobs         {@code scaleJobs}: job names scale advice is given for; {@code *} matches any text
 *                          (default {@code ["*selfplay*"]})
 * @param scaleBand         {@code scaleBand}: percentage points around the tier target within which the advice
 *                          is to hold (default 5)
 */
public record FleetSettings(Duration heartbeatInterval, Duration lostAfter, Path haltFile, Priority haltRunsFrom,
                            List<String> scaleJobs, double scaleBand) implements Checked {

    public static final FleetSettings DEFAULTS = new FleetSettings(Duration.ofSeconds(3), Duration.ofSeconds(15),
            null, Priority.CRITICAL, List.of("*selfplay*"), 5);

    public FleetSettings {
        Objects.requireNonNull(haltRunsFrom, "haltRunsFrom");
        scaleJobs = List.copyOf(scaleJobs);
    }

    public FleetSettings withHeartbeat(Duration interval, Duration lost) {
        return new FleetSettings(interval, lost, haltFile, haltRunsFrom, scaleJobs, scaleBand);
    }

    public FleetSettings withHaltFile(Path file) {
        return new FleetSettings(heartbeatInterval, lostAfter, file, haltRunsFrom, scaleJobs, scaleBand);
    }

    /** Whether scale advice is given for {@code jobName}. */
    public boolean scales(String jobName) {
        for (String pattern : scaleJobs) {
            if (jobName.matches(("\\Q" + pattern + "\\E").replace("*", "\\E.*\\Q"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void check(Problems p, String path) {
        String beat = Problems.path(path, "heartbeatInterval");
        boolean beatOk = Checks.atLeast(p, beat, heartbeatInterval, Duration.ofMillis(100));
        String lost = Problems.path(path, "lostAfter");
        if (lostAfter == null) {
            Checks.positive(p, lost, null);
        } else if (beatOk && lostAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            p.error(lost, "must be at least 2 x " + beat + " (" + Checks.duration(heartbeatInterval.multipliedBy(2))
                    + ") (was " + Checks.duration(lostAfter) + "): one late heartbeat must not make a node lost");
        }
        for (int i = 0; i < scaleJobs.size(); i++) {
            if (scaleJobs.get(i) == null || scaleJobs.get(i).isBlank()) {
                p.error(Problems.path(path, "scaleJobs[" + i + "]"), "must not be empty");
            }
        }
        if (!(scaleBand >= 0 && scaleBand < 50)) {
            p.error(Problems.path(path, "scaleBand"), "must be at least 0 and below 50 percentage points (was "
                    + Checks.number(scaleBand) + ")");
        }
    }
}
