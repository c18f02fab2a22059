package ai.ringrift.db.audit;

import java.time.Instant;

/** Test rows. */
final class AuditRows {

    private AuditRows() {
    }

    static DecisionRow decision(String job, String decision, String priority, Instant at) {
        return DecisionRow.builder()
                .decidedAt(at)
                .jobGroup("DEFAULT")
                .jobName(job)
                .fireInstanceId("fire-" + job + "-" + at.toEpochMilli())
                .priority(priority)
                .decision(decision)
                .reasonCode(decision.equals("ALLOW") ? "OK" : "LEVEL")
                .reason("level 2 because cpu 85% > 80%")
                .level(2)
                .cpu(85.5, "oshi")
                .memory(40.0, "oshi")
                .gpu(null, null)
                .disk(12.25, "oshi")
                .snapshotAgeMs(120L)
                .requestedSize(decision.equals("RESIZE") ? 1000 : null)
                .grantedSize(decision.equals("RESIZE") ? 250 : null)
                .deferUntil(decision.equals("DEFER") ? at.plusSeconds(300) : null)
                .breakerState("CLOSED")
                .configHash("abc123")
                .build();
    }
}
