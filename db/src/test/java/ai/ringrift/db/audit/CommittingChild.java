package ai.ringrift.db.audit;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A separate JVM for {@link H2CrashDurabilityTest}: opens an embedded H2 file the way the daemon
 * does ({@link Database#openAndMigrate}), commits rows through the {@link AuditLog} one by one,
 * prints {@code COMMITTED n} and waits to be killed with {@code kill -9}.
 */
public final class CommittingChild {

    private CommittingChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path spoolDir = Path.of(args[1]);
        int count = Integer.parseInt(args[2]);
        Database db = Database.openAndMigrate(DatabaseSettings.h2File(file));
        AuditLog log = new AuditLog(db.dataSource(), AuditLogSettings.defaults(spoolDir).withNodeId("crash"));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            log.record(AuditRows.decision("committed-" + i, "ALLOW", "NORMAL", t0.plusSeconds(i)));
        }
        System.out.println("COMMITTED " + count + " spooled=" + log.spooledRows());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed here, never closed
    }
}
