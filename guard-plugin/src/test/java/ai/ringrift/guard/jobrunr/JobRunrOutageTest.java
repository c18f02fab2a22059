package ai.ringrift.guard.jobrunr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.h2.tools.Server;
import org.jobrunr.jobs.filters.JobFilter;
import org.jobrunr.jobs.filters.RetryFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database outage makes JobRunr's background server shut itself down for good; the runtime's
 * watchdog starts it again once the database answers, so deferrals keep running.
 */
class JobRunrOutageTest {

    @TempDir
    Path dir;

    @Test
    void backgroundServerIsRestartedAfterTheDatabaseComesBack() throws Exception {
        int port = freePort();
        Server h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(),
                "-ifNotExists").start();
        DatabaseSettings settings = new DatabaseSettings("jdbc:h2:tcp://127.0.0.1:" + port + "/outage", "sa", "", 4);
        try (Database db = Database.openAndMigrate(settings);
             JobRunrRuntime runtime = JobRunrRuntime.start(db.dataSource(),
                     JobRunrSettings.defaults().withDashboard(false, "127.0.0.1", 0).withPollInterval(Duration.ofSeconds(5)),
                     new GuardJobActivator(), List.<JobFilter>of(new RetryFilter()), () -> 0, null)) {
            assertThat(runtime.serverRunning()).isTrue();
            h2.stop();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !runtime.serverRunning());
            h2 = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString(),
                    "-ifNotExists").start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                    .until(runtime::serverRunning);
        } finally {
            h2.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
