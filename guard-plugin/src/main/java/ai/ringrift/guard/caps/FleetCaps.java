package ai.ringrift.guard.caps;

import ai.ringrift.db.cap.CapAttempt;
import ai.ringrift.db.cap.CapLeaseStore;
import ai.ringrift.db.cap.CapLimits;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's side of the fleet-wide caps ({@link CapsSettings}): takes a slot of the job's cap
 * for an admitted fire ({@link #acquire}, one locked transaction in {@link CapLeaseStore}) and gives
 * it back when the fire ends or will not run ({@link #release}, keyed by the decision's
 * reservation id). A background thread renews this node's slots every {@link CapsSettings#renewEvery};
 * a node that stops renewing (killed, cut off) loses its slots one lease after its last renewal.
 * On {@link #start} the node drops the slots an earlier run of the same node id left behind.
 * Thread-safe.
 */
public final class FleetCaps implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetCaps.class);

    private final CapsSettings settings;
    private final CapLeaseStore store;
    private final String nodeId;
    private final Clock clock;
    private final Map<Long, Held> held = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> localCount = new ConcurrentHashMap<>();
    private final Map<String, Optional<CapRule>> ruleCache = new ConcurrentHashMap<>();
    /** Leases whose release failed: retried by the renewal thread, never renewed. */
    private final Set<String> unreleased = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService renewer;
    private volatile boolean renewFailing;

    private record Held(CapRule rule, String leaseId) { }

    public FleetCaps(CapsSettings settings, CapLeaseStore store, String nodeId, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = store;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (store == null && !settings.rules().isEmpty()) {
            throw new IllegalArgumentException("caps with rules need a lease store");
        }
    }

    /** No caps at all. */
    public static FleetCaps off(String nodeId) {
        return new FleetCaps(CapsSettings.NONE, null, nodeId, Clock.systemUTC());
    }

    public CapsSettings settings() {
        return settings;
    }

    /** Drops this node id's slots from an earlier run and starts renewing. Call once. */
    public FleetCaps start() {
        if (settings.rules().isEmpty()) {
            return this;
        }
        try {
            int dropped = store.releaseNode(nodeId);
            if (dropped > 0) {
                LOG.info("guard: caps: released {} slot(s) an earlier run of node {} left behind", dropped, nodeId);
            }
        } catch (SQLException e) {
            LOG.warn("guard: caps: cannot release the slots of an earlier run of {} (they lapse in {}): {}", nodeId,
                    settings.lease(), e.toString());
        }
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ringrift-caps-renew");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, settings.renewEvery().toMillis());
        s.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        renewer = s;
        return this;
    }

    /** The cap covering {@code jobName}, if any (cached per name). */
    public Optional<CapRule> ruleFor(String jobName) {
        if (settings.rules().isEmpty()) {
            return Optional.empty();
        }
        return ruleCache.computeIfAbsent(jobName, settings::ruleFor);
    }

    /**
     * Takes a slot for one admitted fire of {@code jobName}, held under {@code reservationId}
     * until {@link #release}. Refused over a limit: the check says which, in a sentence.
     *
     * @throws IllegalStateException when the lease store fails (the pipeline's fail policy decides)
     */
    public CapCheck acquire(String jobName, long reservationId) {
        Optional<CapRule> found = ruleFor(jobName);
        if (found.isEmpty()) {
            return CapCheck.NOT_CAPPED;
        }
        CapRule rule = found.get();
        AtomicInteger local = localCount.computeIfAbsent(rule.name(), k -> new AtomicInteger());
        if (local.get() >= rule.perNode()) { // no need to ask the database
            CapAttempt a = new CapAttempt(null, CapAttempt.Refusal.NODE, -1, local.get(), 0, 0);
            return new CapCheck(rule, a, sentence(rule, a));
        }
        CapAttempt a;
        try {
            long now = clock.millis();
            a = store.tryAcquire(new CapLimits(rule.name(), rule.perNode(), rule.total(), rule.perMinute(),
                    rule.burst()), nodeId, jobName, now, settings.lease().toMillis());
        } catch (SQLException e) {
            throw new IllegalStateException("cap '" + rule.name() + "' cannot be checked: " + e.getMessage(), e);
        }
        if (a.reclaimed() > 0) {
            LOG.info("guard: caps: {} lapsed slot(s) of cap {} reclaimed (their node stopped renewing)",
                    a.reclaimed(), rule.name());
        }
        if (!a.granted()) {
            return new CapCheck(rule, a, sentence(rule, a));
        }
        held.put(reservationId, new Held(rule, a.leaseId()));
        local.incrementAndGet();
        return new CapCheck(rule, a, null);
    }

    /** Gives back the slot held under {@code reservationId}, if any. Never throws. */
    public void release(long reservationId) {
        Held h = reservationId == 0 ? null : held.remove(reservationId);
        if (h == null) {
            return;
        }
        localCount.get(h.rule().name()).decrementAndGet();
        try {
            store.release(h.leaseId());
        } catch (SQLException | RuntimeException e) {
            unreleased.add(h.leaseId());
            LOG.warn("guard: caps: cannot release slot {} of cap {} now (retried; it lapses in {} at the latest): {}",
                    h.leaseId(), h.rule().name(), settings.lease(), e.toString());
        }
    }

    /**
     * Whether a fire of {@code jobName} would be refused on this node now for its cap's
     * {@code perNode} (this node's own count, no database): a node need not take it from the fleet.
     */
    public boolean fullHere(String jobName) {
        Optional<CapRule> rule = ruleFor(jobName);
        if (rule.isEmpty()) {
            return false;
        }
        AtomicInteger n = localCount.get(rule.get().name());
        return n != null && n.get() >= rule.get().perNode();
    }

    /** Slots this node holds now, per cap. */
    public Map<String, Integer> heldHere() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (CapRule r : settings.rules()) {
            AtomicInteger n = localCount.get(r.name());
            m.put(r.name(), n == null ? 0 : n.get());
        }
        return m;
    }

    /** Renews this node's slots and retries failed releases; runs on the renewal thread. */
    void renew() {
        try {
            for (String id : new ArrayList<>(unreleased)) {
                store.release(id);
                unreleased.remove(id);
            }
            store.renew(nodeId, clock.millis() + settings.lease().toMillis());
            if (renewFailing) {
                LOG.info("guard: caps: renewing the slots of {} works again", nodeId);
                renewFailing = false;
            }
        } catch (SQLException | RuntimeException e) {
            if (!renewFailing) {
                LOG.warn("guard: caps: cannot renew the slots of {} (they lapse {} after the last renewal): {}",
                        nodeId, settings.lease(), e.toString());
            }
            renewFailing = true;
        }
    }

    static String sentence(CapRule rule, CapAttempt a) {
        return switch (a.refusal()) {
            case NODE -> "cap '" + rule.name() + "' reached on this node: " + a.nodeRunning() + " of at most "
                    + rule.perNode() + " per node running (caps " + rule.name() + ".perNode)";
            case FLEET -> "cap '" + rule.name() + "' reached in the fleet: " + a.fleetRunning() + " of at most "
                    + rule.total() + " running (caps " + rule.name() + ".total)";
            case RATE -> "cap '" + rule.name() + "' spawn rate reached: at most "
                    + ai.ringrift.guard.settings.Checks.number(rule.perMinute()) + " starts per minute in the fleet"
                    + " (caps " + rule.name() + ".perMinute), next in " + Math.max(1, (a.waitMillis() + 999) / 1000)
                    + " s";
        };
    }

    @Override
    public void close() {
        ScheduledExecutorService s = renewer;
        if (s != null) {
            s.shutdownNow();
        }
    }
}
