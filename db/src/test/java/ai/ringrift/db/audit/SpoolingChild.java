package ai.ringrift.db.audit;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A separate JVM for {@link AuditDurabilityTest}: records rows while the database is down (so they
 * are spooled), prints {@code SPOOLED n} and waits to be killed.
 */
public final class SpoolingChild {

    private SpoolingChild() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path spoolDir = Path.of(args[1]);
        String node = args[2];
        int count = Integer.parseInt(args[3]);
        HikariDataSource ds = H2TcpServer.pool(url);
        AuditLog log = new AuditLog(ds, AuditLogSettings.defaults(spoolDir).withNodeId(node)
                .withReplayInterval(Duration.ofMinutes(10)));
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < count; i++) {
            log.record(AuditRows.decision("child-" + i, "ALLOW", "NORMAL", t0.plusSeconds(i)));
        }
        System.out.println("SPOOLED " + log.spooledRows());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // killed here, never closed
    }
}
