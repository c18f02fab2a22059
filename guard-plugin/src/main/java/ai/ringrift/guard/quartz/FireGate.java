package ai.ringrift.guard.quartz;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.guard.pipeline.Admitted;
import ai.ringrift.guard.pipeline.FirePort;
import ai.ringrift.guard.pipeline.FireRequest;
import ai.ringrift.guard.pipeline.GuardPipeline;
import ai.ringrift.guard.pipeline.Verdict;
import java.util.Objects;
import java.util.Optional;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;

/**
 * The Quartz side of the pipeline, on the worker thread (DESIGN.md section 3): translates the
 * fire into a request ({@link QuartzFires}), lets the {@link GuardPipeline} decide, audit and act,
 * and turns the verdict into Quartz's answer. An admitted fire gets the granted size and the
 * {@link FireKeys} entries in its merged JobDataMap; a deferred one goes through the pipeline's
 * deferral store; a vetoed or deferred fire is vetoed for Quartz. Never throws (quartz#918).
 */
public final class FireGate {

    private final GuardPipeline pipeline;
    private final RecoveredFires recovered;
    private final FiredTriggerDecisions decided;

    /**
     * @param recovered closes the dead run of a fire Quartz recovers (see {@link RecoveredFires}), or null
     * @param decided   fires already admitted in the job store's transaction, or null
     */
    FireGate(GuardPipeline pipeline, RecoveredFires recovered, FiredTriggerDecisions decided) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.recovered = recovered;
        this.decided = decided;
    }

    public FireGate(GuardPipeline pipeline) {
        this(pipeline, null, null);
    }

    /**
     * Acts on a fire admitted in the job store's transaction, else decides on the fire and acts;
     * returns true when Quartz must not run the job now.
     */
    public boolean vetoes(JobExecutionContext ctx) {
        if (decided != null) {
            Optional<Admitted> admitted = decided.take(ctx.getFireInstanceId());
            if (admitted.isPresent()) {
                return !pipeline.act(admitted.get(), new Port(ctx)).runs();
            }
        }
        Optional<RecoveredFires.Original> original = recovered == null ? Optional.empty()
                : RecoveredFires.originalOf(ctx);
        Optional<DecisionRow> dead = original.flatMap(o -> recovered.deadRun(ctx, o));
        FireRequest request = QuartzFires.read(ctx);
        if (dead.isPresent()) {
            // the dead run was admitted, which settled its in-flight re-fire: this is its recovery, not a duplicate
            request = request.withRefireId(null);
        }
        Verdict v = pipeline.fire(request, new Port(ctx));
        dead.ifPresent(d -> recovered.closeDeadRun(d, original.get(), v));
        return !v.runs();
    }

    /** Quartz's actions: write the admitted fire's keys; a veto needs nothing but the answer. */
    private static final class Port implements FirePort {
        private final JobExecutionContext ctx;

        Port(JobExecutionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void admit(Verdict v) {
            JobDataMap merged = ctx.getMergedJobDataMap();
            String param = v.request().declaration().resizableParam();
            if (v.grantedSize() != null && param != null) {
                merged.put(param, Integer.toString(v.grantedSize()));
            }
            merged.put(FireKeys.LEVEL, Integer.toString(v.level()));
            merged.put(FireKeys.DISK_LEVEL, Integer.toString(v.diskLevel()));
            merged.put(FireKeys.DECISION_SEQ, Long.toString(v.key().seq()));
            merged.put(FireKeys.DECISION, v.decisionName());
            ctx.put(FireKeys.CTX_KEY, v.key());
            ctx.put(FireKeys.CTX_RESERVATION, v.reservationId());
            ctx.put(FireKeys.CTX_REQUEST, v.request());
        }

        @Override
        public void veto(Verdict v) {
            // Quartz vetoes through the listener's return value
        }
    }
}
