package ai.ringrift.guard.fleet;

import ai.ringrift.db.fleet.FleetView;
import ai.ringrift.db.fleet.NodeHeartbeat;
import ai.ringrift.db.fleet.NodeReading;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Scale advice from the tier targets (the seed's {@code should_scale_up/down} and
 * {@code get_target_job_count}), per node and per job named in {@code fleet.scaleJobs}:
 * <ul>
 *   <li>the node's utilisation is its GPU used % when it reports a GPU, else its CPU used %;</li>
 *   <li>backpressure first: at level 2 or above, shed half of the job's running fires (at least 1);</li>
 *   <li>below the tier target by more than {@code scaleBand} points: add
 *       {@code round(running x (target - used) / used)} (at least 1), at most the node's free worker threads;</li>
 *   <li>above it by more than the band: shed {@code round(running x (used - target) / used)} (at least 1),
 *       at most what runs;</li>
 *   <li>else hold.</li>
 * </ul>
 * Pure: reads heartbeats, writes nothing. Only live nodes get advice.
 */
public final class ScaleAdvisor {

    private final FleetSettings settings;

    public ScaleAdvisor(FleetSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Advice for every live node of {@code fleet} and every scaling job of {@code jobs} or running on
     * that node.
     */
    public List<ScaleAdvice> advise(FleetView fleet, Collection<String> jobs) {
        List<ScaleAdvice> out = new ArrayList<>();
        for (FleetView.Node n : fleet.live()) {
            java.util.Set<String> names = new java.util.TreeSet<>(jobs);
            names.addAll(n.beat().runningByJob().keySet());
            out.addAll(advise(n.beat(), names));
        }
        return out;
    }

    /** Advice for one node and every scaling job of {@code jobs}. */
    public List<ScaleAdvice> advise(NodeHeartbeat node, Collection<String> jobs) {
        List<ScaleAdvice> out = new ArrayList<>();
        for (String job : jobs) {
            if (settings.scales(job)) {
                out.add(advise(node, job));
            }
        }
        return out;
    }

    /** Advice for one node and one job. */
    public ScaleAdvice advise(NodeHeartbeat node, String job) {
        int running = node.running(job);
        String what = job + " worker";
        NodeReading gpu = node.reading("gpu");
        String resource = gpu != null ? "gpu" : "cpu";
        NodeReading reading = gpu != null ? gpu : node.reading("cpu");
        if (reading == null) {
            return new ScaleAdvice(node.nodeId(), job, running, 0, "hold: no cpu or gpu reading");
        }
        double used = reading.usedPercent();
        double target = node.tierTargetPercent();
        String where = resource + " " + pct(used) + " ";
        String tier = " the " + node.tier() + " target " + pct(target);
        if (node.level() >= 2) {
            int shed = Math.max(1, (running + 1) / 2);
            return running == 0
                    ? new ScaleAdvice(node.nodeId(), job, 0, 0, "hold: backpressure (level " + node.level() + " on "
                            + node.worstResource() + ") and no " + job + " running to shed")
                    : new ScaleAdvice(node.nodeId(), job, running, -Math.min(shed, running), "shed "
                            + Math.min(shed, running) + " " + plural(what, shed) + ": backpressure (level "
                            + node.level() + " on " + node.worstResource() + ")");
        }
        if (used < target - settings.scaleBand()) {
            int free = Math.max(0, node.capacity().workerThreads() - node.runningFires());
            long want = running == 0 ? 1 : Math.max(1, Math.round(running * (target - used) / Math.max(used, 1)));
            int add = (int) Math.min(want, free);
            String why = ": " + where + pct(target - used) + " below" + tier;
            return add == 0
                    ? new ScaleAdvice(node.nodeId(), job, running, 0, "hold: no free worker thread" + why)
                    : new ScaleAdvice(node.nodeId(), job, running, add, "add " + add + " " + plural(what, add) + why);
        }
        if (used > target + settings.scaleBand()) {
            String why = ": " + where + pct(used - target) + " above" + tier;
            if (running == 0) {
                return new ScaleAdvice(node.nodeId(), job, 0, 0, "hold: no " + job + " running to shed" + why);
            }
            int shed = (int) Math.min(running, Math.max(1, Math.round(running * (used - target) / used)));
            return new ScaleAdvice(node.nodeId(), job, running, -shed, "shed " + shed + " " + plural(what, shed) + why);
        }
        return new ScaleAdvice(node.nodeId(), job, running, 0, "hold: " + where + "within " + pct(settings.scaleBand())
                + " of" + tier);
    }

    private static String plural(String word, int n) {
        return Math.abs(n) == 1 ? word : word + "s";
    }

    private static String pct(double v) {
        return Math.round(v) + "%";
    }
}
