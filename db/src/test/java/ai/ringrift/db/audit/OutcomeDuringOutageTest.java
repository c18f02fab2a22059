package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fire admitted while the database was up finishes while it is down: its outcome, handed in
 * without waiting ({@code submitOutcome}), is spooled with the decisions and replayed once the
 * database is back, so the admitted fire ends with an outcome row.
 */
class OutcomeDuringOutageTest {

    @TempDir
    Path tmp;

    @Test
    void anOutcomeFinishedDuringAnOutageIsSpooledAndReplayed() throws Exception {
        try (H2TcpServer server = new H2TcpServer(tmp.resolve("server"))) {
            Database.openAndMigrate(DatabaseSettings.h2File(tmp.resolve("server").resolve("audit"))).close();
            server.start();
            String url = server.url("audit");
            try (HikariDataSource ds = H2TcpServer.pool(url);
                 AuditLog log = new AuditLog(ds, AuditLogSettings.defaults(tmp.resolve("spool")).withNodeId("n1")
                         .withReplayInterval(Duration.ofMillis(200)))) {
                long seq = log.record(AuditRows.decision("train", "ALLOW", "HIGH", Instant.now()));
                server.stop();
                Long stored = log.submitOutcome(OutcomeRow.of(seq, "DEFAULT", "train", Instant.now(), Instant.now(),
                        true, null, null, "finished during the outage")).get(60, TimeUnit.SECONDS);
                assertThat(stored).isEqualTo(seq);
                assertThat(log.spooledRows()).isEqualTo(1);
                server.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> log.spooledRows() == 0);
                assertThat(new AuditQuery(ds).outcome("n1", seq).detail()).isEqualTo("finished during the outage");
            }
        }
    }
}
