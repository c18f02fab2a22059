package ai.ringrift.guard.policy;

import ai.ringrift.guard.safety.BreakerSettings;
import ai.ringrift.guard.safety.BreakerState;
import ai.ringrift.guard.safety.CircuitBreaker;
import ai.ringrift.guard.safety.CircuitBreakerRegistry;
import ai.ringrift.guard.safety.SpawnRateSettings;
import ai.ringrift.guard.settings.Problems;
import ai.ringrift.guard.safety.SpawnRateLimiter;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guard's brain: decides ALLOW, RESIZE, DEFER or VETO for one fire of a job from the cached
 * {@link Snapshot}, the job's declaration, the engine's own state (levels with hysteresis,
 * reservations, breakers, spawn bucket) and the injected {@link Clock}. No I/O, no sampling, no
 * logging. Thread-safe: Quartz worker threads call {@link #decide} concurrently; the level state
 * is an immutable object swapped once per snapshot, and only the short commit steps (probe,
 * reservation for jobs with needs, spawn token) take short locks.
 *
 * <h2>Order of checks (the first that decides wins)</h2>
 * <ol>
 * <li><b>Emergency halt</b> ({@code HALT}, DEFER): an operator's halt ({@link #halt(HaltState)}) holds
 *     every fire below its bar (default CRITICAL) before anything is taken; it holds in shadow mode
 *     too, since it is an operator's order and not a rule of the guard.</li>
 * <li><b>Stale snapshot</b> ({@code SENSOR_STALE}): without trustworthy readings no rule below can
 *     be judged, so the per-priority fail policy decides first. When it allows, the checks that
 *     do not need readings still run: the breaker and the spawn rate.</li>
 * <li><b>Circuit breaker</b> ({@code BREAKER_OPEN}, VETO): a job that keeps failing must not run
 *     whatever the host looks like, and a veto here spends no reservation or token. A HALF_OPEN
 *     breaker lets exactly one probe through, at the minimum size when resizable.</li>
 * <li><b>Reclaim</b> ({@code RECLAIM}): a job relieving the worst resource counting for it is
 *     allowed whatever its priority and level, and skips the headroom check (a disk cleanup must
 *     run precisely when the disk is full). Its needs are still reserved.</li>
 * <li><b>Level x priority table</b> ({@code LEVEL}): allow, resize, defer or veto.</li>
 * <li><b>Headroom</b> ({@code HEADROOM}): only for fires the table admits; the needs must fit
 *     under the max limits with everything reserved since the last snapshot. The check and the
 *     reservation are one atomic step, so concurrent fires cannot over-admit.</li>
 * <li><b>Spawn rate</b> ({@code SPAWN_RATE}): last, so a token is only spent on a fire that
 *     would really start; CRITICAL bypasses it. An empty bucket defers until the next token.</li>
 * </ol>
 * A later step that refuses rolls back what earlier steps took (probe, reservation).
 * In shadow mode all of this is computed and committed as if enforced, but the returned action
 * is ALLOW with reason {@code SHADOW}; the rules' action is in {@link Decision#wouldBe()}.
 *
 * <h2>Levels</h2>
 * Ratio = used % / max % (a reading with less free than {@code minFreeGb} counts as at least
 * 1.0). The level counting for a job is the highest hysteresis level over CPU, memory and disk,
 * plus GPU when the job needs GPU memory or relieves GPU (see {@link LevelState}).
 */
public final class DecisionEngine {

    private final EngineSettings config;
    private final LevelBands bands;
    private final double[] fractions;
    private final Clock clock;
    private final CircuitBreakerRegistry breakers;
    private final SpawnRateLimiter spawnLimiter;
    private final ReservationBook reservations = new ReservationBook();
    /** Admitted fires (by reservation id) holding a spawn token they have not started with yet. */
    private final java.util.Set<Long> tokenHolders = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Admitted half-open probes (by reservation id) that have not started yet. */
    private final Map<Long, CircuitBreaker> probes = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final List<GuardEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Object stateLock = new Object();
    private volatile LevelState state = LevelState.initial();
    private volatile HaltState halt = HaltState.NONE;

    /**
     * @throws ai.ringrift.guard.settings.InvalidSettingsException when a settings record breaks its
     *         rules (the same rules {@code ringrift validate} reports with file and line)
     */
    public DecisionEngine(EngineSettings config, BreakerSettings breakerConfig, SpawnRateSettings spawnConfig,
                          Clock clock) {
        this.config = Problems.requireValid(Objects.requireNonNull(config, "config"), "");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bands = new LevelBands(config.levels());
        this.fractions = new double[LevelTable.LEVELS];
        for (int i = 0; i < fractions.length; i++) {
            fractions[i] = config.policy().resizeFraction(i);
        }
        this.breakers = new CircuitBreakerRegistry(Objects.requireNonNull(breakerConfig, "breakerConfig"),
                (job, from, to, at) -> publish(new GuardEvent.BreakerStateChanged(job, from, to, at)));
        this.spawnLimiter = new SpawnRateLimiter(Objects.requireNonNull(spawnConfig, "spawnConfig"));
    }

    /** An engine with all defaults. */
    public static DecisionEngine withDefaults(Clock clock) {
        return new DecisionEngine(EngineSettings.DEFAULTS, BreakerSettings.DEFAULTS, SpawnRateSettings.DEFAULTS, clock);
    }

    public EngineSettings config() {
        return config;
    }

    public CircuitBreakerRegistry breakers() {
        return breakers;
    }

    public SpawnRateLimiter spawnLimiter() {
        return spawnLimiter;
    }

    public void addListener(GuardEventListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(GuardEventListener listener) {
        listeners.remove(listener);
    }

    /** Swaps in the node's halt state (the fleet heartbeat does, from the halt table and the halt file). */
    public void halt(HaltState next) {
        halt = Objects.requireNonNull(next, "halt");
    }

    /** The node's halt state now. */
    public HaltState halt() {
        return halt;
    }

    /**
     * Why {@code resource}'s level stands above what its latest reading says ({@code level 4 held until
     * 12:03:10 UTC by hysteresis; cpu now 3% of 90% limit}), or empty when it is not held.
     */
    public java.util.Optional<String> held(Resource resource) {
        StringBuilder sb = new StringBuilder();
        return resource != null && Sentences.held(sb, state, resource, config, bands)
                ? java.util.Optional.of(sb.toString()) : java.util.Optional.empty();
    }

    /** The host level: all resources including GPU, with hysteresis (0 before the first snapshot). */
    public int currentLevel() {
        return state.hostLevel();
    }

    /**
     * The level that counts for a job with {@code declaration} now: CPU, memory and disk, plus the
     * GPU when it {@link RequiredReadings#countsGpu counts} for the job (0 before the first snapshot).
     */
    public int levelFor(JobDeclaration declaration) {
        LevelState st = state;
        return RequiredReadings.countsGpu(declaration) ? st.allLevel : st.coreLevel;
    }

    /** The level of CPU, memory and disk with hysteresis, without the GPU (0 before the first snapshot). */
    public int coreLevel() {
        return state.coreLevel;
    }

    /** The level (0-4, with hysteresis) of one resource in the latest snapshot seen; -1 without its reading. */
    public int resourceLevel(Resource resource) {
        return state.level[resource.ordinal()];
    }

    /** Ratios of the measured resources in the latest snapshot seen. */
    public Map<Resource, Double> currentRatios() {
        return state.ratios;
    }

    /** The resource setting the host level, {@code null} when nothing is measured. */
    public Resource currentWorstResource() {
        return state.allWorst;
    }

    /**
     * The host level's resource and, when hysteresis holds the level above its reading, until when
     * (the status page's "why"); null when nothing is measured.
     */
    public LevelHold levelHold() {
        LevelState st = state;
        Resource r = st.allWorst;
        if (r == null) {
            return null;
        }
        int i = r.ordinal();
        int held = st.level[i];
        double ratio = st.ratio[i];
        int raw = Double.isNaN(ratio) ? held : bands.levelOf(ratio);
        double fallBelow = held == 0 ? Double.NaN : bands.lowerEdge(held) - config.levels().margin();
        java.time.Instant until = held > raw && st.belowSince[i] != Long.MIN_VALUE
                ? java.time.Instant.ofEpochMilli(st.belowSince[i] + config.levels().dwell().toMillis()) : null;
        return new LevelHold(r, held, raw, ratio, fallBelow, until);
    }

    /** How many admitted runs still hold a reservation. */
    public int reservationCount() {
        return reservations.size();
    }

    /** The amount reserved of a resource (GB, cores for CPU). */
    public double reserved(Resource resource) {
        return reservations.reserved(resource);
    }

    /**
     * A new snapshot was published (sampler listener): updates the level state (hysteresis,
     * events) and releases the reservations of jobs that started before it was taken. Snapshots
     * older than the one already seen are ignored.
     */
    public void onSnapshot(Snapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        advance(snapshot);
    }

    /** The run of {@code reservationId} has really started now (optional, sharpens reservations). */
    public void onJobStarted(long reservationId) {
        if (reservationId != 0) {
            reservations.markStarted(reservationId, clock.millis());
            tokenHolders.remove(reservationId);
            CircuitBreaker breaker = probes.remove(reservationId);
            if (breaker != null) {
                breaker.probeStarted(reservationId);
            }
        }
    }

    /**
     * The run ended: feeds the job's breaker and releases its reservation.
     *
     * @param reservationId the decision's {@link Decision#reservationId()} (0 when unknown)
     */
    public void onJobFinished(String jobName, long reservationId, boolean success) {
        Objects.requireNonNull(jobName, "jobName");
        if (reservationId != 0) {
            reservations.release(reservationId);
            tokenHolders.remove(reservationId);
            probes.remove(reservationId);
        }
        breakers.onFinished(jobName, reservationId, success, clock.millis());
    }

    /**
     * An admitted fire will not run after all (its decision could not take effect, or another
     * listener vetoed it): gives back its reservation, its half-open probe and its spawn token,
     * without feeding the breaker.
     */
    public void abandon(String jobName, long reservationId) {
        if (reservationId == 0) {
            return;
        }
        reservations.release(reservationId);
        probes.remove(reservationId);
        if (tokenHolders.remove(reservationId)) {
            spawnLimiter.giveBack();
        }
        CircuitBreaker breaker = jobName == null ? null : breakers.get(jobName);
        if (breaker != null) {
            breaker.releaseProbe(reservationId);
        }
    }

    /**
     * The decision a fire gets, the readings check included: a fresh snapshot that lacks a reading
     * this job needs ({@link RequiredReadings}: CPU, memory, disk, and the GPU for a job it counts
     * for) is GUARD_ERROR under the fail policy; otherwise {@link #decide}. The pipeline and
     * {@code ringrift explain} both decide through here, so they cannot drift.
     */
    public Decision decideFire(GuardRequest request, Snapshot snapshot) {
        java.time.Instant now = clock.instant();
        String missing = snapshot == null || snapshot.isStale(now) ? null
                : RequiredReadings.missing(snapshot, request.declaration(), now);
        if (missing != null) {
            return Decision.guardError(config.failPolicy(), request.declaration().priority(),
                    "readings unavailable: " + missing, now);
        }
        return decide(request, snapshot);
    }

    /** Decides one fire. Never throws for valid arguments; fast and nearly allocation-free. */
    public Decision decide(GuardRequest request, Snapshot snapshot) {
        long now = clock.millis();
        LevelState st = snapshot == null ? state : stateFor(snapshot);
        JobDeclaration decl = request.declaration();
        Priority priority = decl.priority();
        ResourceNeeds needs = decl.needs();
        boolean gpuCounts = RequiredReadings.countsGpu(decl);
        int level = gpuCounts ? st.allLevel : st.coreLevel;
        Resource worst = gpuCounts ? st.allWorst : st.coreWorst;
        Integer requested = decl.resizableParam() != null ? request.requestedSize() : null;
        HaltState h = halt;
        if (h.holds(priority)) {
            return halted(request, st, level, worst, requested, h, now);
        }

        Action action = Action.ALLOW;
        ReasonCode reason = ReasonCode.LEVEL;
        Integer granted = requested;
        long deferMillis = 0;
        boolean probe = false;
        boolean checkHeadroom = true;
        Resource shortOf = null;
        boolean stale = st.isStale(now);

        // 1. stale
        if (stale) {
            action = config.failPolicy().actionFor(priority);
            reason = ReasonCode.SENSOR_STALE;
            checkHeadroom = false;
            if (action == Action.DEFER) {
                deferMillis = config.failPolicy().deferHint().toMillis();
            }
        }
        // 2. breaker
        CircuitBreaker breaker = breakers.get(request.jobName());
        String breakerState = BreakerState.CLOSED.name();
        if (breaker != null && action.admits()) {
            CircuitBreaker.Permit permit = breaker.check(now);
            breakerState = breaker.state().name();
            if (permit == CircuitBreaker.Permit.DENY) {
                action = Action.VETO;
                reason = ReasonCode.BREAKER_OPEN;
            } else if (permit == CircuitBreaker.Permit.PROBE) {
                probe = true;
            }
        } else if (breaker != null) {
            breakerState = breaker.state().name();
        }
        // 3. reclaim, 4. table
        if (action.admits() && !stale) {
            if (level > 0 && worst != null && decl.relieves().contains(worst)) {
                reason = ReasonCode.RECLAIM;
                checkHeadroom = false;
            } else {
                switch (config.table().rule(level, priority)) {
                    case ALLOW -> { }
                    case RESIZE, RESIZE_OR_DEFER -> {
                        if (requested != null) {
                            granted = resize(requested, decl.resizableMin(), fractions[level]);
                            action = granted < requested ? Action.RESIZE : Action.ALLOW;
                        } else if (config.table().rule(level, priority) == Rule.RESIZE_OR_DEFER) {
                            action = Action.DEFER;
                        }
                    }
                    case DEFER -> action = Action.DEFER;
                    case VETO -> action = Action.VETO;
                }
                if (action == Action.DEFER) {
                    deferMillis = config.deferHint().toMillis();
                }
            }
        }
        if (probe && action.admits() && requested != null) {
            granted = Math.min(requested, decl.resizableMin());
            action = granted < requested ? Action.RESIZE : Action.ALLOW;
        }
        // commit: probe, 5. headroom + reservation, 6. spawn rate
        long id = 0;
        if (action.admits()) {
            id = ids.incrementAndGet();
            if (probe && !breaker.claimProbe(id, now)) {
                action = Action.VETO;
                reason = ReasonCode.BREAKER_OPEN;
            } else {
                if (probe) {
                    probes.put(id, breaker);
                }
                shortOf = needs.isNone() ? null : reservations.tryReserve(id, needs, st, now, checkHeadroom);
                if (shortOf != null) {
                    action = Action.DEFER;
                    reason = ReasonCode.HEADROOM;
                    deferMillis = config.deferHint().toMillis();
                } else if (!spawnLimiter.bypasses(priority)) {
                    if (spawnLimiter.tryAcquire(now) > 0) {
                        reservations.release(id);
                        action = Action.DEFER;
                        reason = ReasonCode.SPAWN_RATE;
                        deferMillis = spawnLimiter.nextSlot(now);
                    } else {
                        tokenHolders.add(id);
                    }
                }
                if (!action.admits() && probe) {
                    probes.remove(id);
                    breaker.releaseProbe(id);
                }
            }
            if (!action.admits()) {
                id = 0;
            }
        }
        if (!action.admits()) {
            granted = null;
        }
        String sentence = sentence(request, st, level, worst, action, reason, requested, granted, probe, shortOf,
                needs, deferMillis, now);
        Instant deferUntil = action == Action.DEFER ? Instant.ofEpochMilli(now + deferMillis) : null;
        double worstRatio = worst == null ? Double.NaN : st.ratio(worst);
        if (config.shadow()) {
            return new Decision(Action.ALLOW, ReasonCode.SHADOW, level, st.ratios, worst, worstRatio, requested,
                    requested, null, "[shadow mode: allowed] " + sentence, true, action, reason, id, breakerState);
        }
        return new Decision(action, reason, level, st.ratios, worst, worstRatio, requested, granted, deferUntil,
                sentence, false, action, reason, id, breakerState);
    }

    /** The DEFER of a fire an emergency halt holds: nothing taken (no probe, reservation or token). */
    private Decision halted(GuardRequest request, LevelState st, int level, Resource worst, Integer requested,
                            HaltState h, long now) {
        StringBuilder sb = new StringBuilder(160).append(h.sentence()).append(": ");
        Sentences.job(sb, request);
        sb.append("deferred (fires below ").append(h.runsFrom()).append(" wait for `ringrift resume`)");
        double worstRatio = worst == null ? Double.NaN : st.ratio(worst);
        String breakerState = breakers.get(request.jobName()) == null ? BreakerState.CLOSED.name()
                : breakers.get(request.jobName()).state().name();
        return new Decision(Action.DEFER, ReasonCode.HALT, level, st.ratios, worst, worstRatio, requested, null,
                Instant.ofEpochMilli(now), sb.toString(), false, Action.DEFER, ReasonCode.HALT, 0, breakerState);
    }

    /** max(minimum, floor(n x fraction)), never more than n. */
    static int resize(int requested, int minimum, double fraction) {
        int shrunk = (int) Math.floor(requested * fraction);
        return Math.min(requested, Math.max(minimum, shrunk));
    }

    private String sentence(GuardRequest request, LevelState st, int level, Resource worst, Action action,
                            ReasonCode reason, Integer requested, Integer granted, boolean probe, Resource shortOf,
                            ResourceNeeds needs, long deferMillis, long now) {
        StringBuilder sb = new StringBuilder(128);
        if (reason == ReasonCode.SENSOR_STALE) {
            sb.append("sensor data stale (");
            if (st.neverSampled || st.snapshot == null) {
                sb.append("not sampled yet");
            } else {
                Sentences.num(sb, (now - st.takenAtMillis) / 1000.0);
                sb.append(" s old, limit ");
                Sentences.num(sb, st.staleAfterMillis / 1000.0);
                sb.append(" s");
            }
            sb.append("): ");
        } else {
            Sentences.head(sb, st, worst, level, config, bands);
        }
        Sentences.job(sb, request);
        switch (action) {
            case ALLOW -> sb.append("allowed");
            case RESIZE -> sb.append("resized ").append(request.declaration().resizableParam()).append(' ')
                    .append(requested.intValue()).append(" -> ").append(granted.intValue());
            case DEFER -> sb.append("deferred");
            case VETO -> sb.append("vetoed");
        }
        switch (reason) {
            case RECLAIM -> sb.append(" to reclaim ").append(worst.label());
            case SENSOR_STALE -> sb.append(" by the fail policy");
            case BREAKER_OPEN -> sb.append(": circuit breaker open");
            case SPAWN_RATE -> {
                sb.append(" ");
                Sentences.num(sb, deferMillis / 1000.0);
                sb.append(" s: spawn rate limit (");
                Sentences.num(sb, spawnLimiter.config().perMinute());
                sb.append("/min, burst ").append(spawnLimiter.config().burst()).append(") reached");
            }
            case HEADROOM -> {
                int i = shortOf.ordinal();
                String unit = Sentences.unit(shortOf);
                sb.append(": needs ");
                Sentences.num(sb, needs.amount(shortOf));
                sb.append(unit).append(shortOf.key()).append(", ");
                Sentences.num(sb, st.budget[i] - st.used[i] - reservations.reserved(shortOf));
                sb.append(unit).append("free under the limit (");
                Sentences.num(sb, reservations.reserved(shortOf));
                sb.append(unit).append("reserved)");
            }
            default -> { }
        }
        if (probe && action.admits()) {
            sb.append(" (half-open breaker probe)");
        }
        return sb.toString();
    }

    private LevelState stateFor(Snapshot snapshot) {
        LevelState st = state;
        if (st.snapshot == snapshot) {
            return st;
        }
        return advance(snapshot);
    }

    /** Level events are published under the state lock so listeners see them in order. */
    private LevelState advance(Snapshot snapshot) {
        LevelState next;
        synchronized (stateLock) {
            LevelState prev = state;
            if (prev.snapshot == snapshot) {
                return prev;
            }
            if (prev.snapshot != null && snapshot.takenAt().toEpochMilli() < prev.takenAtMillis) {
                return prev; // an older snapshot than the one seen: keep the newer state
            }
            next = new LevelState(prev, snapshot, config, bands);
            state = next;
            if (next.allLevel != prev.allLevel) {
                publish(new GuardEvent.LevelChanged(prev.allLevel, next.allLevel, next.allWorst,
                        next.allWorst == null ? Double.NaN : next.ratio(next.allWorst), snapshot.takenAt()));
            }
        }
        reservations.releaseStartedBefore(next.takenAtMillis);
        return next;
    }

    private void publish(GuardEvent event) {
        for (GuardEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException ignored) {
                // a listener's failure must not break deciding
            }
        }
    }
}
