package ai.ringrift.guard.pipeline;

import ai.ringrift.db.audit.DecisionRow;
import ai.ringrift.db.audit.OutcomeRow;
import ai.ringrift.db.deferral.PendingDeferral;
import ai.ringrift.guard.sample.Reading;
import ai.ringrift.guard.sample.Snapshot;
import ai.ringrift.scheduler.model.Resource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Fakes of the pipeline's ports for unit tests: audit, deferral stores, framework port, sink. */
final class PipelineFakes {

    private PipelineFakes() {
    }

    /** Percent-only readings at {@code at}, stale after 30 s. */
    static Snapshot snapshot(Instant at, double memoryPercent) {
        Map<Resource, Reading> m = new EnumMap<>(Resource.class);
        m.put(Resource.CPU, Reading.percent(Resource.CPU, 10, "test", at));
        m.put(Resource.MEMORY, Reading.percent(Resource.MEMORY, memoryPercent, "test", at));
        m.put(Resource.DISK, Reading.percent(Resource.DISK, 10, "test", at));
        return new Snapshot(1, at, Duration.ofSeconds(30), m, Map.of(), Map.of());
    }

    /** A snapshot without a memory reading (a broken source), fresh. */
    static Snapshot withoutMemory(Instant at) {
        Map<Resource, Reading> m = new EnumMap<>(Resource.class);
        m.put(Resource.CPU, Reading.percent(Resource.CPU, 10, "test", at));
        m.put(Resource.DISK, Reading.percent(Resource.DISK, 10, "test", at));
        return new Snapshot(1, at, Duration.ofSeconds(30), m, Map.of(Resource.MEMORY, "source threw: boom"), Map.of());
    }

    /** Records rows; fails the next {@code failNext} records (or all, with -1). */
    static final class Audit implements AuditTrail {
        final List<DecisionRow> rows = new CopyOnWriteArrayList<>();
        final List<OutcomeRow> outcomes = new CopyOnWriteArrayList<>();
        volatile int failNext;
        private long seq;

        @Override
        public synchronized long record(DecisionRow row) {
            if (failNext != 0) {
                if (failNext > 0) {
                    failNext--;
                }
                throw new IllegalStateException("audit log down");
            }
            rows.add(row);
            return ++seq;
        }

        @Override
        public void recordOutcome(OutcomeRow row) {
            outcomes.add(row);
        }

        List<String> decisions() {
            return rows.stream().map(r -> r.decision() + "/" + r.reasonCode()).toList();
        }

        DecisionRow last() {
            return rows.get(rows.size() - 1);
        }
    }

    /** A deferral store that keeps deferrals in a list, or fails. */
    static final class Store implements Deferrals {
        final List<DeferralRequest> stored = new ArrayList<>();
        final List<PendingDeferral> pending = new ArrayList<>();
        boolean fail;
        boolean throwing;
        boolean supersedeThrows;

        @Override
        public DeferralOutcome defer(DeferralRequest request, Instant runAt) {
            if (throwing) {
                throw new IllegalStateException("store throws");
            }
            if (fail) {
                return DeferralOutcome.failed(runAt, "store down");
            }
            stored.add(request);
            return DeferralOutcome.stored(runAt, UUID.randomUUID(), null);
        }

        @Override
        public Optional<PendingDeferral> supersede(String jobGroup, String jobName, String why) {
            if (supersedeThrows) {
                throw new IllegalStateException("deferral table does not answer");
            }
            Optional<PendingDeferral> old = pending.stream()
                    .filter(p -> p.jobGroup().equals(jobGroup) && p.jobName().equals(jobName)).findFirst();
            old.ifPresent(pending::remove);
            return old;
        }

        @Override
        public List<PendingDeferral> pending() {
            return List.copyOf(pending);
        }
    }

    /** The framework side: records which action the pipeline took and what the audit held then. */
    static final class Port implements FirePort {
        final Audit audit;
        final List<String> actions = new ArrayList<>();
        int rowsWhenActed = -1;
        boolean throwOnAdmit;

        Port(Audit audit) {
            this.audit = audit;
        }

        @Override
        public void admit(Verdict verdict) {
            rowsWhenActed = audit.rows.size();
            if (throwOnAdmit) {
                throwOnAdmit = false;
                throw new IllegalStateException("data map is read-only");
            }
            actions.add("admit:" + verdict.decisionName());
        }

        @Override
        public void veto(Verdict verdict) {
            rowsWhenActed = audit.rows.size();
            actions.add("veto:" + verdict.decisionName());
        }
    }

    static final class Sink implements DecisionSink {
        final List<String> decisions = new CopyOnWriteArrayList<>();
        final AtomicInteger expired = new AtomicInteger();
        final List<DeferralFailure> failures = new CopyOnWriteArrayList<>();

        @Override
        public void recordDeferralFailure(DeferralFailure failure) {
            failures.add(failure);
        }

        @Override
        public void recordDecision(String decision, String priority, String reason) {
            decisions.add(decision + "/" + reason);
        }

        @Override
        public void recordDeferralExpired() {
            expired.incrementAndGet();
        }
    }
}
