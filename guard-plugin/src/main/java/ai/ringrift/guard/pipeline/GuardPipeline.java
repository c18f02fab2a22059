package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.caps.CapCheck;
import ai.ringrift.guard.caps.FleetCaps;
import ai.ringrift.guard.policy.Action;
import ai.ringrift.guard.policy.Decision;
import ai.ringrift.guard.policy.DecisionEngine;
import ai.ringrift.guard.policy.FailPolicy;
import ai.ringrift.guard.policy.GuardRequest;
import ai.ringrift.guard.policy.EngineSettings;
import ai.ringrift.guard.policy.ReasonCode;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one decide-audit-act path for every fire, Quartz and JobRunr alike (DESIGN.md section 3).
 * {@link #fire} runs, once per fire:
 * <ol>
 *   <li>the <b>cached</b> snapshot (never samples) and the readings check
 *       ({@link DecisionEngine#decideFire}, {@code RequiredReadings}): a fresh snapshot without a reading the job needs (CPU, memory,
 *       disk, and GPU for a job the GPU counts for) is GUARD_ERROR under the fail policy;</li>
 *   <li>the {@link DecisionEngine} (a fire the adapter could not read is GUARD_ERROR);</li>
 *   <li>the fleet-wide caps ({@link FleetCaps}): a fire the engine admits whose job a cap covers
 *       takes a slot of that cap or is DEFERred with reason CAP and a sentence naming the cap (in
 *       shadow mode it runs and the row says it would have been deferred); the slot is given back
 *       by the outcome, or here when the fire does not run after all;</li>
 *   <li>the fail policy: anything thrown anywhere becomes GUARD_ERROR with the fail policy's
 *       action for the job's priority;</li>
 *   <li>the hand-off: a DEFER for this node's own pressure (LEVEL, HEADROOM) while the
 *       {@link Handoff} names a node with room is due at once instead of after the backoff, and
 *       its sentence says so; a re-fire that comes back to a node still pressured is handed off
 *       again without counting an attempt, for at most {@code deferral.maxBackoff} after its first
 *       deferral;</li>
 *   <li>{@code maxDeferrals}: a DEFER past it becomes a VETO row plus an EXPIRED lifecycle row and
 *       the expired counter;</li>
 *   <li>the audit row, <b>committed before anything takes effect</b>; when it cannot be written
 *       the decision does not take effect: GUARD_ERROR under the fail policy is recorded instead,
 *       and when that fails too the fire is held back (nothing acts unaudited);</li>
 *   <li>the in-flight re-fire: a fire that is one ({@link FireRequest#refireId}, a due deferral
 *       claimed for it) is settled now that its decision is durable, before it takes effect
 *       ({@link Deferrals#refireDecided}; a deferral settles it together with the new deferral).
 *       A fire whose re-fire another fire settled first is a duplicate and is held back (asked
 *       before deciding, so it is vetoed rather than admitted; a race past that check is caught
 *       when settling and corrected); so is one whose re-fire cannot be settled (it stays in
 *       flight and is fired again). A re-fire runs once, and one whose node died before
 *       deciding is not lost;</li>
 *   <li>the action through the adapter's {@link FirePort}: ALLOW, RESIZE, VETO, DEFER through
 *       {@link Deferrals} (or in place, JobRunr). A deferral nothing could store, or a port that
 *       throws, is corrected: the fail policy decides and a correcting row is written, so the
 *       audit's last row on the fire is what really happened. An admitted fresh fire supersedes
 *       the job's pending deferral (SUPERSEDED row);</li>
 *   <li>the sinks (metrics), once per decision row.</li>
 * </ol>
 * {@link #fire} never throws. Thread-safe.
 *
 * <p>A Quartz fire can take a shorter way, decided inside the job store's own "trigger fired"
 * transaction: {@link #admitWithin} runs steps 1-2 for a fresh fire and, when the engine admits it,
 * writes its row in that transaction (no commit of its own: the row commits with the fire, or not
 * at all); {@link #act} then runs steps 8-9 when the fire is about to run. Everything else (a fire
 * the engine does not admit, a re-fire, a capped job, a job with a pending deferral to supersede, a
 * row that cannot be written there) takes the whole way through {@link #fire}.
 */
public final class GuardPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(GuardPipeline.class);

    private final String nodeId;
    private final SnapshotProvider snapshots;
    private final DecisionEngine engine;
    private final EngineSettings policy;
    private final AuditTrail audit;
    private final AuditRows rows;
    private final Deferrals deferrals;
    private final FleetCaps caps;
    private final Handoff handoff;
    private final DeferralAudit lifecycle;
    private final Backoff backoff;
    private final List<DecisionSink> sinks;
    private final Clock clock;
    private final DoubleSupplier random;
    private final EvictStep evictions;

    private GuardPipeline(Builder b) {
        this.nodeId = Objects.requireNonNull(b.nodeId, "nodeId");
        this.snapshots = Objects.requireNonNull(b.snapshots, "snapshots");
        this.engine = Objects.requireNonNull(b.engine, "engine");
        this.policy = engine.config();
        this.audit = Objects.requireNonNull(b.audit, "audit");
        this.rows = Objects.requireNonNull(b.rows, "rows");
        this.deferrals = Objects.requireNonNull(b.deferrals, "deferrals");
        this.caps = b.caps == null ? FleetCaps.off(nodeId) : b.caps;
        this.handoff = Objects.requireNonNull(b.handoff, "handoff");
        this.backoff = Objects.requireNonNull(b.backoff, "backoff");
        this.sinks = List.copyOf(b.sinks);
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.random = Objects.requireNonNull(b.random, "random");
        this.lifecycle = new DeferralAudit(audit, rows, snapshots, engine::currentLevel, clock);
        this.evictions = new EvictStep(nodeId, policy.shadow(), audit, rows, deferrals, backoff, this::each, clock,
                random);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String nodeId() {
        return nodeId;
    }

    public Deferrals deferrals() {
        return deferrals;
    }

    public int maxDeferrals() {
        return backoff.maxDeferrals();
    }

    /**
     * The EVICT decision on a fire that is running (the {@code eviction} package chose it): the
     * EVICT row is committed first, then the fire is interrupted through {@code port} and its
     * re-run deferred durably (attempt + 1); in shadow mode only the row is written. See
     * {@link EvictStep} for the rows. Never throws.
     *
     * @param why   the sentence: the reading at level 4 and why this fire was chosen
     * @param level the level that counts for the fire (4)
     */
    public EvictResult evict(FireRequest running, String why, int level, Snapshot snapshot, RunningPort port) {
        try {
            return evictions.evict(running, why, level, snapshot, port);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: unexpected failure evicting {}.{}", running.jobGroup(), running.jobName(), e);
            return new EvictResult(EvictResult.Kind.NOT_DONE, new DecisionKey(nodeId, 0));
        }
    }

    /** An evicted fire still runs {@code since} after its interrupt: an EVICT row (IGNORED_INTERRUPT). Never throws. */
    public DecisionKey evictionIgnored(FireRequest running, long evictSeq, Duration since, int level,
                                       Snapshot snapshot) {
        try {
            return evictions.ignored(running, evictSeq, since, level, snapshot);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot report the ignored interrupt of {}.{}", running.jobGroup(), running.jobName(), e);
            return new DecisionKey(nodeId, 0);
        }
    }

    /** Decides on one fire and acts through {@code port}. Never throws. */
    public Verdict fire(FireRequest request, FirePort port) {
        try {
            return decideAndAct(request, port);
        } catch (RuntimeException | Error e) {
            // only a bug in this class gets here: hold the fire back, nothing acts unaudited
            LOG.error("guard: unexpected failure in the pipeline on {}.{}; the fire is held back",
                    request.jobGroup(), request.jobName(), e);
            Decision d = Decision.guardError(policy.failPolicy(), request.priority(), e, Instant.now());
            Verdict v = new Verdict(request, d, "VETO", new DecisionKey(nodeId, 0), false, null, 0, 0, null);
            vetoQuietly(port, v);
            return v;
        }
    }

    /**
     * Phase one of a fire decided inside the job store's transaction (see the class comment): a
     * fresh fire (attempt 0, readable, not an in-flight re-fire nor the re-run of an evicted fire,
     * its job under no cap)
     * that the engine admits gets its ALLOW or RESIZE row written through {@code within} and is
     * returned, holding its reservation; call {@link #act} when it runs, {@link #abandon} when
     * the transaction does not commit, {@link #notRun} when it committed but the fire never ran.
     * Any other fire, or a row {@code within} does not take, returns empty with nothing held or
     * written: the fire takes the ordinary way ({@link #fire}), which decides it anew. Never throws.
     */
    public java.util.Optional<Admitted> admitWithin(FireRequest r, InTransaction within) {
        long reservation = 0;
        try {
            if (r.problem() != null || r.attempt() > 0 || r.refireId() != null || r.evicted()
                    || caps.ruleFor(r.jobName()).isPresent()) {
                return java.util.Optional.empty();
            }
            Instant now = clock.instant();
            Snapshot snapshot = snapshots.latest();
            Decision d = engine.decideFire(new GuardRequest(r.jobName(), r.declaration(), r.requestedSize(), 1),
                    snapshot);
            reservation = d.reservationId();
            if (!d.admitted()) {
                engine.abandon(r.jobName(), reservation);
                return java.util.Optional.empty();
            }
            long seq = within.record(new Fire(r, null, snapshot, now).row(d, null));
            if (seq <= 0) {
                abandon(r.jobName(), reservation);
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new Admitted(r, d, seq, snapshot, now));
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot decide on {}.{} inside the job store's transaction ({}); it is decided when it runs",
                    r.jobGroup(), r.jobName(), e.toString());
            abandon(r.jobName(), reservation);
            return java.util.Optional.empty();
        }
    }

    /**
     * Phase two of a fire {@link #admitWithin} admitted, as it is about to run: the metrics, then
     * the action as in {@link #fire} (the port admits; a port that throws is corrected under the
     * fail policy). Its job had no pending deferral to supersede ({@link InTransaction}). Never throws.
     */
    public Verdict act(Admitted a, FirePort port) {
        FireRequest r = a.request;
        try {
            Fire f = new Fire(r, port, a.snapshot, a.decidedAt);
            f.attempt = r.attempt() + 1;
            f.nonePending = true; // the transaction found no pending deferral of the job
            f.sink(a.decision.action().name(), a.decision);
            return f.act(a.decision, a.seq, null);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: unexpected failure acting on {}.{}; the fire is held back", r.jobGroup(), r.jobName(), e);
            abandon(r.jobName(), a.decision.reservationId());
            Decision d = Decision.guardError(policy.failPolicy(), r.priority(), e, Instant.now());
            Verdict v = new Verdict(r, d, "VETO", new DecisionKey(nodeId, a.seq), false, null, 0, 0, null);
            vetoQuietly(port, v);
            return v;
        }
    }

    /** The transaction that wrote {@code a}'s row did not commit: its reservation and cap slot go back. Never throws. */
    public void abandon(Admitted a) {
        try {
            abandon(a.request.jobName(), a.decision.reservationId());
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot release the reservation of {}: {}", a.request.jobName(), e.toString());
        }
    }

    /**
     * {@code a}'s row committed but the fire never ran (the scheduler completed it without running
     * the job: no job instance could be made, no worker took it): its reservation goes back and an
     * outcome row says so, so the audit's last word on the fire is true. Never throws.
     */
    public void notRun(Admitted a, String why) {
        abandon(a);
        try {
            Instant at = clock.instant();
            audit.recordOutcome(ai.ringrift.db.audit.OutcomeRow.of(a.seq, a.request.jobGroup(), a.request.jobName(),
                    at, at, false, NOT_RUN, why, null).withNodeId(nodeId));
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot record that {}.{} did not run: {}", a.request.jobGroup(), a.request.jobName(),
                    e.toString());
        }
    }

    /** Error class of the outcome row of an admitted fire the scheduler never ran ({@link #notRun}). */
    public static final String NOT_RUN = "NOT_RUN";

    private Verdict decideAndAct(FireRequest r, FirePort port) {
        Instant now = clock.instant();
        Snapshot snapshot = null;
        Decision d;
        try {
            if (r.problem() != null) {
                d = guardError(r, r.problem(), now);
            } else if (r.refireId() != null && !deferrals.refireInFlight(r.jobGroup(), r.jobName(), r.refireId())) {
                d = duplicateRefire(r);
            } else {
                snapshot = snapshots.latest();
                d = engine.decideFire(new GuardRequest(r.jobName(), r.declaration(), r.requestedSize(),
                        r.attempt() + 1), snapshot);
                d = capped(r, d, now);
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("guard: cannot decide on {}.{}: {}", r.jobGroup(), r.jobName(), e.toString());
            d = Decision.guardError(policy.failPolicy(), r.priority(), e, now);
        }
        if (r.evicted() && d.action() == Action.VETO && d.reasonCode() == ReasonCode.LEVEL) {
            d = keepEvicted(d);
        }
        Fire f = new Fire(r, port, snapshot, now);
        String room = d.action() == Action.DEFER ? nodeWithRoom(r, d) : null;
        int attempt = r.attempt() + 1;
        Instant runAt = null;
        if (room != null) {
            boolean again = r.attempt() >= 1 && r.firstDeferredAt() != null
                    && Duration.between(r.firstDeferredAt(), now).compareTo(backoff.settings().maxBackoff()) < 0;
            attempt = again ? r.attempt() : attempt;
            runAt = now;
            d = d.withSentence(d.sentence() + "; handed to the fleet at once (" + room + " has room"
                    + (again ? ", not counted as an attempt" : "") + ")");
        }
        if (d.action() == Action.DEFER && attempt > r.attempt() && backoff.expires(attempt)) {
            return f.expire(d);
        }
        return f.commitAndAct(d, attempt, runAt);
    }

    /**
     * The node the fleet has with room for a fire deferred for this node's own pressure, or null
     * (another reason, shadow mode, no such node, or the registry cannot tell).
     */
    private String nodeWithRoom(FireRequest r, Decision d) {
        if (d.shadow() || (d.reasonCode() != ReasonCode.LEVEL && d.reasonCode() != ReasonCode.HEADROOM)) {
            return null;
        }
        try {
            return handoff.nodeWithRoom(r).orElse(null);
        } catch (RuntimeException e) {
            LOG.debug("guard: the fleet registry cannot tell where {}.{} could run: {}", r.jobGroup(), r.jobName(),
                    e.toString());
            return null;
        }
    }

    /**
     * The engine's decision after the job's cap: an admitted fire (or one shadow mode admits that
     * the rules would run) takes a slot, else it is DEFERred with reason CAP (shadow: allowed, the
     * row says CAP). A store failure throws, after giving back the engine's reservation.
     */
    private Decision capped(FireRequest r, Decision d, Instant now) {
        boolean wouldRun = d.shadow() ? d.wouldBe().admits() : d.admitted();
        if (!wouldRun || d.reservationId() == 0 || caps.ruleFor(r.jobName()).isEmpty()) {
            return d;
        }
        CapCheck c;
        try {
            c = caps.acquire(r.jobName(), d.reservationId());
        } catch (RuntimeException e) {
            engine.abandon(r.jobName(), d.reservationId());
            throw e;
        }
        if (!c.refused()) {
            return d;
        }
        String sentence = r.jobName() + " (" + r.priority() + ") deferred: " + c.sentence();
        if (d.shadow()) {
            return new Decision(Action.ALLOW, ReasonCode.SHADOW, d.level(), d.ratios(), d.worstResource(),
                    d.worstRatio(), d.requestedSize(), d.grantedSize(), null, "[shadow mode: allowed] " + sentence,
                    true, Action.DEFER, ReasonCode.CAP, d.reservationId(), d.breakerState());
        }
        engine.abandon(r.jobName(), d.reservationId());
        long wait = c.attempt().waitMillis();
        return new Decision(Action.DEFER, ReasonCode.CAP, d.level(), d.ratios(), d.worstResource(), d.worstRatio(),
                d.requestedSize(), null, wait > 0 ? now.plusMillis(wait) : null, sentence, false, Action.DEFER,
                ReasonCode.CAP, 0, d.breakerState());
    }

    /** A fire that was admitted will not run: its reservation, probe and cap slot go back. */
    private void abandon(String jobName, long reservationId) {
        engine.abandon(jobName, reservationId);
        caps.release(reservationId);
    }

    /**
     * The re-run of an evicted fire that the table vetoes (BACKGROUND at level 4) is deferred
     * instead: the guard interrupted that work, so it waits for the level to fall rather than being
     * dropped (maxDeferrals still applies).
     */
    private static Decision keepEvicted(Decision d) {
        return new Decision(Action.DEFER, d.reasonCode(), d.level(), d.ratios(), d.worstResource(), d.worstRatio(),
                d.requestedSize(), null, d.deferUntil(), d.sentence() + "; deferred, not vetoed: the re-run of"
                + " an evicted fire waits for the level to fall", d.shadow(), Action.DEFER, d.wouldBeReason(), 0,
                d.breakerState());
    }

    /**
     * A fire of a re-fire that another fire's decision settled already (a claimer that stalled
     * past the recovery of its re-fire, a Quartz recovery beside it): held back, it runs once.
     */
    private static Decision duplicateRefire(FireRequest r) {
        String sentence = r.jobName() + " (" + r.priority() + ") held back: a duplicate of re-fire " + r.refireId()
                + ", whose decision another fire made first";
        return new Decision(Action.VETO, ReasonCode.GUARD_ERROR, -1, java.util.Map.of(), null, Double.NaN, null, null,
                null, sentence, false, Action.VETO, ReasonCode.GUARD_ERROR, 0, "UNKNOWN");
    }

    private Decision guardError(FireRequest r, String message, Instant now) {
        return Decision.guardError(policy.failPolicy(), r.priority(), message, now);
    }

    /** The level of the disk reading alone (0 without one). */
    private int diskLevel(Snapshot s) {
        Reading disk = s == null ? null : s.reading(Resource.DISK);
        return disk == null ? 0 : policy.levelOf(policy.limits().of(Resource.DISK).ratio(Resource.DISK, disk));
    }

    private static void vetoQuietly(FirePort port, Verdict v) {
        try {
            port.veto(v);
        } catch (RuntimeException | Error e) {
            LOG.error("guard: cannot hold back {}.{}: {}", v.request().jobGroup(), v.request().jobName(), e.toString());
        }
    }

    /** One fire on its way through the pipeline. */
    private final class Fire {
        final FireRequest r;
        final FirePort port;
        final Snapshot snapshot;
        final Instant now;
        /** The number of this fire's deferral, should it be deferred (1 = the first). */
        int attempt;
        /** Whether the job is known to have had no pending deferral when the fire was decided. */
        boolean nonePending;
        /** The in-flight re-fire this fire is has been settled by its decision. */
        boolean settled;

        Fire(FireRequest r, FirePort port, Snapshot snapshot, Instant now) {
            this.r = r;
            this.port = port;
            this.snapshot = snapshot;
            this.now = now;
        }

        /**
         * @param attempt     the number of this deferral if {@code d} defers (1 = the first)
         * @param handedOffAt when a hand-off makes the deferral due (now), or null for the backoff
         */
        Verdict commitAndAct(Decision d, int attempt, Instant handedOffAt) {
            this.attempt = attempt;
            Instant runAt = d.action() != Action.DEFER ? null
                    : handedOffAt != null ? handedOffAt : backoff.runAt(now, attempt, d, random);
            long seq;
            try {
                seq = record(d, runAt);
            } catch (RuntimeException | Error e) {
                LOG.error("guard: cannot write the audit row of {}.{} ({}); the decision does not take effect",
                        r.jobGroup(), r.jobName(), e.toString());
                abandon(r.jobName(), d.reservationId());
                Decision fallback = guardError(r, "audit row not written: " + e, now);
                runAt = fallback.action() == Action.DEFER ? backoff.runAt(now, attempt, fallback, random) : null;
                try {
                    seq = record(fallback, runAt);
                    d = fallback;
                } catch (RuntimeException | Error again) {
                    if (fallback.action() == Action.DEFER) {
                        return deferUnaudited(fallback, runAt);
                    }
                    LOG.error("guard: the audit log does not accept rows ({}); {}.{} is held back", again.toString(),
                            r.jobGroup(), r.jobName());
                    Verdict v = verdict(fallback, "VETO", 0, false, null);
                    vetoQuietly(port, v);
                    return v;
                }
            }
            sink(d.action().name(), d);
            return act(d, seq, runAt);
        }

        private Verdict act(Decision d, long seq, Instant runAt) {
            Verdict v = verdict(d, d.action().name(), seq, d.admitted(), null);
            try {
                switch (d.action()) {
                    case ALLOW, RESIZE -> {
                        String unsettled = settleRefire();
                        if (unsettled != null) {
                            return correct(d, unsettled, true);
                        }
                        if (r.attempt() == 0 && !nonePending) {
                            supersedePending();
                        }
                        port.admit(v);
                        if (r.firstDeferredAt() != null) {
                            Duration age = Duration.between(r.firstDeferredAt(), now);
                            each(s -> s.recordDeferralAge(age));
                        }
                    }
                    case VETO -> {
                        settleRefireQuietly();
                        port.veto(v);
                    }
                    case DEFER -> {
                        return defer(d, seq, runAt);
                    }
                }
                return v;
            } catch (RuntimeException | Error e) {
                return correct(d, "cannot act on the decision (" + e + ")");
            }
        }

        private Verdict defer(Decision d, long seq, Instant runAt) {
            DeferralOutcome outcome = store(d, seq, runAt);
            if (outcome.kind() == DeferralOutcome.Kind.DUPLICATE) {
                return correct(d, duplicate(), true);
            }
            if (!outcome.held()) {
                LOG.error("guard: deferral of {}.{} could not be stored ({}); the fail policy decides",
                        r.jobGroup(), r.jobName(), outcome.error());
                each(s -> s.recordDeferralFailure(DeferralFailure.STORE));
                return correct(d, "deferral could not be stored (" + outcome.error() + ")");
            }
            return verdict(d, "DEFER", seq, false, outcome);
        }

        /**
         * Stores the deferral (in place, else in the deferral store) and audits the older deferral
         * it replaced. Never throws: a throw is a FAILED outcome.
         */
        private DeferralOutcome store(Decision d, long seq, Instant runAt) {
            DeferralRequest req = new DeferralRequest(r.jobGroup(), r.jobName(), r.priority().name(),
                    r.quartzPriority(), RefireKeys.carriedBy(r, r.evictedBy()), attempt, d.sentence(), d.deferUntil(), seq,
                    r.firstDeferredAt() == null ? now : r.firstDeferredAt(),
                    DeferralTitle.of(r.jobName(), d, snapshot, policy, attempt), settled ? null : r.refireId());
            DeferralOutcome outcome;
            try {
                outcome = port.deferInPlace(req, runAt);
                if (outcome == null) {
                    outcome = deferrals.defer(req, runAt);
                }
            } catch (RuntimeException | Error e) {
                outcome = DeferralOutcome.failed(runAt, e.toString());
            }
            if (outcome.held() && outcome.kind() != DeferralOutcome.Kind.IN_PLACE) {
                settled = true; // the store settled the re-fire with the new deferral
            }
            if (outcome.replaced() != null) {
                superseded(outcome.replaced(), "superseded by a newer fire deferred at attempt " + req.attempt()
                        + (outcome.kind() == DeferralOutcome.Kind.FALLBACK ? " (held by a one-shot Quartz trigger)" : ""));
            }
            return outcome;
        }

        /**
         * The fail policy deferred the fire but the audit log takes no row: a deferral is still
         * stored durably (its re-fire is decided and audited anew), said as an ERROR and counted;
         * when even that fails the fire is lost, said and counted too. Never silent.
         */
        private Verdict deferUnaudited(Decision d, Instant runAt) {
            DeferralOutcome outcome = store(d, 0, runAt);
            if (outcome.kind() == DeferralOutcome.Kind.DUPLICATE) {
                LOG.warn("guard: {}.{} is {}; held back", r.jobGroup(), r.jobName(), duplicate());
                Verdict v = verdict(d, "VETO", 0, false, null);
                vetoQuietly(port, v);
                return v;
            }
            if (outcome.held()) {
                LOG.error("guard: the audit log does not accept rows; {}.{} is deferred to {} by the fail policy "
                        + "without its DEFER row", r.jobGroup(), r.jobName(), outcome.runAt());
                each(s -> s.recordDeferralFailure(DeferralFailure.UNAUDITED));
                return verdict(d, "DEFER", 0, false, outcome);
            }
            LOG.error("guard: the audit log does not accept rows and the deferral of {}.{} cannot be stored ({}); "
                    + "the fire is lost", r.jobGroup(), r.jobName(), outcome.error());
            each(s -> s.recordDeferralFailure(DeferralFailure.LOST));
            Verdict v = verdict(d, "VETO", 0, false, null);
            vetoQuietly(port, v);
            return v;
        }

        /**
         * An admitted fresh fire replaces the job's pending deferral, wherever it was made. A store
         * that cannot tell is an ERROR and counted: the older deferral may still run.
         */
        private void supersedePending() {
            String why = "a newer fire of the job was admitted";
            try {
                deferrals.supersede(r.jobGroup(), r.jobName(), why).ifPresent(old -> superseded(old, why));
            } catch (RuntimeException | Error e) {
                LOG.error("guard: {}.{} is admitted but its pending deferral could not be superseded ({}); "
                        + "the older deferral may still run", r.jobGroup(), r.jobName(), e.toString());
                each(s -> s.recordDeferralFailure(DeferralFailure.SUPERSEDE));
            }
        }

        /**
         * The decision already recorded could not take effect: the fail policy decides (ALLOW runs
         * the fire, DEFER cannot be honoured and holds it back), recorded by a correcting row.
         */
        private Verdict correct(Decision was, String what) {
            return correct(was, what, false);
        }

        /**
         * @param hold hold the fire back whatever the fail policy says: it is a duplicate re-fire, or
         *             its in-flight re-fire cannot be settled (it is fired again once it can be)
         */
        private Verdict correct(Decision was, String what, boolean hold) {
            FailPolicy fp = policy.failPolicy();
            boolean allow = !hold && fp.actionFor(r.priority()) == Action.ALLOW;
            if (allow) {
                String unsettled = settleRefire();
                if (unsettled != null) {
                    return correct(was, what + "; " + unsettled, true);
                }
            } else if (!hold) {
                settleRefireQuietly(); // the fail policy holds it back: dropped like a VETO
            }
            Action a = allow ? Action.ALLOW : Action.VETO;
            String sentence = "guard error after " + was.action() + ": " + r.priority() + " job "
                    + (allow ? "allowed" : "held back") + (hold ? "" : " by the fail policy") + " (" + what + ")";
            Decision d = new Decision(a, ReasonCode.GUARD_ERROR, was.level(), was.ratios(), was.worstResource(),
                    was.worstRatio(), was.requestedSize(), allow ? was.grantedSize() : null, null, sentence, false, a,
                    ReasonCode.GUARD_ERROR, allow ? was.reservationId() : 0, was.breakerState());
            if (!allow) {
                abandon(r.jobName(), was.reservationId());
            }
            long seq;
            try {
                seq = record(d, null);
                sink(a.name(), d);
            } catch (RuntimeException | Error e) {
                LOG.error("guard: cannot write the correcting row of {}.{} ({}); the fire is held back",
                        r.jobGroup(), r.jobName(), e.toString());
                abandon(r.jobName(), d.reservationId());
                Verdict v = verdict(d, "VETO", 0, false, null);
                vetoQuietly(port, v);
                return v;
            }
            Verdict v = verdict(d, a.name(), seq, allow, null);
            if (allow) {
                if (was.admitted()) {
                    return v; // the port failed while admitting: the fire runs as it is
                }
                try {
                    port.admit(v);
                } catch (RuntimeException | Error e) {
                    LOG.error("guard: cannot admit {}.{} after a failed deferral: {}", r.jobGroup(), r.jobName(),
                            e.toString());
                }
            } else {
                vetoQuietly(port, v);
            }
            return v;
        }

        Verdict expire(Decision d) {
            abandon(r.jobName(), d.reservationId());
            Decision dropped = new Decision(Action.VETO, d.reasonCode(), d.level(), d.ratios(), d.worstResource(),
                    d.worstRatio(), d.requestedSize(), null, null, d.sentence() + "; dropped after " + r.attempt()
                    + " deferrals (deferral.maxDeferrals=" + backoff.maxDeferrals() + ")", d.shadow(), d.wouldBe(),
                    d.wouldBeReason(), 0, d.breakerState());
            long seq = 0;
            try {
                seq = record(dropped, null);
                sink("VETO", dropped);
                audit.record(rows.lifecycle(r.jobGroup(), r.jobName(), r.attempt(), r.priority().name(), "EXPIRED",
                        d.reasonCode().name(), dropped.sentence(), d.level(), snapshot, now)
                        .fireInstanceId(r.fireId()).build());
            } catch (RuntimeException | Error e) {
                LOG.error("guard: cannot audit the expiry of {}.{}: {}", r.jobGroup(), r.jobName(), e.toString());
            }
            each(DecisionSink::recordDeferralExpired);
            if (seq != 0) {
                settleRefireQuietly();
            }
            Verdict v = verdict(dropped, "VETO", seq, false, null);
            vetoQuietly(port, v);
            return v;
        }

        private long record(Decision d, Instant deferUntil) {
            return audit.record(row(d, deferUntil));
        }

        DecisionRow row(Decision d, Instant deferUntil) {
            return rows.row(r.jobGroup(), r.jobName(), r.fireId(), r.attempt(), r.priority(),
                    d.action().name(), d, snapshot, now, deferUntil).build();
        }

        private void superseded(PendingDeferral old, String why) {
            lifecycle.superseded(old, why, snapshot);
        }

        /**
         * Settles the in-flight re-fire this fire is, its decision being durable: null when it is
         * settled (or the fire is none), else why this fire must not run: a duplicate (another fire
         * of the same re-fire was decided first), or the store cannot tell (the re-fire stays in
         * flight and is fired again).
         */
        private String settleRefire() {
            if (settled || r.refireId() == null) {
                return null;
            }
            try {
                if (!deferrals.refireDecided(r.jobGroup(), r.jobName(), r.refireId())) {
                    return duplicate();
                }
                settled = true;
                return null;
            } catch (RuntimeException | Error e) {
                LOG.error("guard: the re-fire {} of {}.{} cannot be settled ({}); held back, it is fired again once "
                        + "the store answers", r.refireId(), r.jobGroup(), r.jobName(), e.toString());
                return "the in-flight re-fire cannot be settled (" + e + "); it is fired again";
            }
        }

        /** {@link #settleRefire} for a fire that does not run anyway. */
        private void settleRefireQuietly() {
            String unsettled = settleRefire();
            if (unsettled != null) {
                LOG.debug("guard: {}.{} not settled: {}", r.jobGroup(), r.jobName(), unsettled);
            }
        }

        private String duplicate() {
            return "a duplicate of re-fire " + r.refireId() + ", whose decision another fire made first";
        }

        private void sink(String decisionName, Decision d) {
            String priority = r.priority().name();
            String reason = d.reasonCode().name();
            each(s -> s.recordDecision(decisionName, priority, reason));
        }

        private Verdict verdict(Decision d, String name, long seq, boolean runs, DeferralOutcome outcome) {
            return new Verdict(r, d, name, new DecisionKey(nodeId, seq), runs, runs ? d.grantedSize() : null,
                    Math.max(0, d.level()), diskLevel(snapshot), outcome);
        }
    }

    private void each(java.util.function.Consumer<DecisionSink> call) {
        for (DecisionSink s : sinks) {
            try {
                call.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("guard: sink {} failed: {}", s.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Assembles a pipeline; every part but the sinks is required. */
    public static final class Builder {
        private String nodeId;
        private SnapshotProvider snapshots;
        private DecisionEngine engine;
        private AuditTrail audit;
        private AuditRows rows;
        private Deferrals deferrals = Deferrals.NONE;
        private FleetCaps caps;
        private Handoff handoff = Handoff.NONE;
        private Backoff backoff = Backoff.DEFAULT;
        private final java.util.ArrayList<DecisionSink> sinks = new java.util.ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        public Builder nodeId(String v) {
            nodeId = v;
            return this;
        }

        public Builder snapshots(SnapshotProvider v) {
            snapshots = v;
            return this;
        }

        public Builder engine(DecisionEngine v) {
            engine = v;
            return this;
        }

        public Builder audit(AuditTrail v) {
            audit = v;
            return this;
        }

        public Builder rows(AuditRows v) {
            rows = v;
            return this;
        }

        public Builder deferrals(Deferrals v) {
            deferrals = v;
            return this;
        }

        /** The fleet-wide caps (default: none). */
        public Builder caps(FleetCaps v) {
            caps = v;
            return this;
        }

        /** Where deferred fires could run at once (default: nowhere, the backoff applies). */
        public Builder handoff(Handoff v) {
            handoff = v;
            return this;
        }

        public Builder backoff(Backoff v) {
            backoff = v;
            return this;
        }

        public Builder sink(DecisionSink v) {
            sinks.add(Objects.requireNonNull(v, "sink"));
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public Builder random(DoubleSupplier v) {
            random = v;
            return this;
        }

        public GuardPipeline build() {
            return new GuardPipeline(this);
        }
    }
}
