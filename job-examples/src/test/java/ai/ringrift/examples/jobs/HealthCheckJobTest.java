package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.db.Database;
import ai.ringrift.db.DatabaseSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthCheckJobTest {

    @TempDir
    Path data;
    @TempDir
    Path dbDir;
    private JobHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private JsonNode health() throws Exception {
        return new ObjectMapper().readTree(data.resolve("health.json").toFile());
    }

    @Test
    void healthyWithDatabase() throws Exception {
        try (Database db = Database.openAndMigrate(DatabaseSettings.h2File(dbDir.resolve("h")))) {
            harness.putContext(GuardKeys.DATABASE, db);
            String result = harness.run(HealthCheckJob.class, Map.of("data_dir", data.toString(),
                    "min_free_gb", "0")).resultOrFail();
            assertThat(result).startsWith("healthy: data dir " + data + " writable").contains("answered in")
                    .contains("wrote " + data.resolve("health.json"));
            JsonNode h = health();
            assertThat(h.get("status").asText()).isEqualTo("ok");
            assertThat(h.get("writable").asBoolean()).isTrue();
            assertThat(h.at("/database/ok").asBoolean()).isTrue();
            assertThat(h.at("/disk/totalBytes").asLong()).isPositive();
            try (var s = Files.list(data)) {
                assertThat(s.map(p -> p.getFileName().toString())).containsExactly("health.json");
            }
        }
    }

    @Test
    void failsNamingTheProblemsAndStillWritesTheFile() throws Exception {
        Database db = Database.openAndMigrate(DatabaseSettings.h2File(dbDir.resolve("h")));
        harness.putContext(GuardKeys.DATABASE, db);
        db.close(); // the pool is closed: SELECT 1 fails
        JobHarness.Outcome o = harness.run(HealthCheckJob.class, Map.of("data_dir", data.toString(),
                "min_free_gb", "1000000000"));
        assertThat(o.error()).isNotNull();
        assertThat(o.error().getMessage()).startsWith("unhealthy: ").contains("below min_free_gb")
                .contains("did not answer SELECT 1");
        JsonNode h = health();
        assertThat(h.get("status").asText()).isEqualTo("failing");
        assertThat(h.get("problems")).hasSize(2);
        assertThat(h.at("/database/ok").asBoolean()).isFalse();
    }

    @Test
    void withoutDatabaseChecksTheDisk() throws Exception {
        String result = harness.run(HealthCheckJob.class, Map.of("data_dir", data.resolve("new").toString(),
                "min_free_gb", "0")).resultOrFail();
        assertThat(result).contains("database not configured");
        assertThat(data.resolve("new/health.json")).exists();
    }
}
