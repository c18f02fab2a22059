package ai.ringrift.guard.policy;

import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Resource;
import java.time.Instant;
import java.util.StringJoiner;

/**
 * The readings a decision on a job needs (DESIGN.md section 3.6): CPU, memory and disk always, GPU
 * when the GPU counts for the job ({@link #countsGpu}: it needs GPU memory or relieves the GPU). A
 * needed reading that is missing from a fresh snapshot (a failed source, NVML that stopped
 * answering, a host without a readable GPU) or older than the snapshot's {@code staleAfter} means
 * the decision cannot be judged: the pipeline decides it by the fail policy ({@code GUARD_ERROR}).
 * A job that does not need the resource is not affected. The {@link DecisionEngine} itself
 * decides on what is measured.
 */
public final class RequiredReadings {

    private static final Resource[] ALWAYS = {Resource.CPU, Resource.MEMORY, Resource.DISK};

    private RequiredReadings() {
    }

    /** The GPU counts for a job that needs GPU memory or relieves the GPU (the one rule, also for levels). */
    public static boolean countsGpu(JobDeclaration declaration) {
        return declaration.needs().needsGpu() || declaration.relieves().contains(Resource.GPU);
    }

    /**
     * What is missing for {@code declaration} in {@code snapshot} at {@code now}, e.g.
     * {@code "gpu (nvml failed: GPU is lost)"}; {@code null} when everything needed is there.
     */
    public static String missing(Snapshot snapshot, JobDeclaration declaration, Instant now) {
        StringJoiner out = null;
        for (Resource r : ALWAYS) {
            out = check(snapshot, r, now, out);
        }
        if (countsGpu(declaration)) {
            out = check(snapshot, Resource.GPU, now, out);
        }
        return out == null ? null : out.toString();
    }

    private static StringJoiner check(Snapshot s, Resource r, Instant now, StringJoiner out) {
        Reading reading = s.reading(r);
        String why = null;
        if (reading == null) {
            why = s.missingReason(r).orElse("no reading");
        } else if (reading.age(now).compareTo(s.staleAfter()) > 0) {
            why = "reading " + reading.age(now).toSeconds() + " s old, limit " + s.staleAfter().toSeconds() + " s";
        }
        if (why == null) {
            return out;
        }
        StringJoiner j = out == null ? new StringJoiner("; ") : out;
        j.add(r.key() + " (" + why + ")");
        return j;
    }
}
