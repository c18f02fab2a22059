package ai.ringrift.guard.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a plain Quartz application gets when it adds only the guard-plugin artifact: the runtime
 * class path Maven resolves for this module ({@code target/runtime-classpath.txt}, written by
 * {@code dependency:build-classpath} with scope runtime at generate-test-resources). No JDBC driver
 * (the application chooses its database), no picocli (the CLI is the product's), no Prometheus
 * registry (the daemon's; the plugin binds to the application's MeterRegistry), no YAML writer.
 */
class RuntimeDependenciesTest {

    private static final List<String> ABSENT = List.of(
            "com/h2database/h2/", "org/postgresql/postgresql/", "info/picocli/",
            "io/micrometer/micrometer-registry-prometheus", "io/prometheus/",
            "com/fasterxml/jackson/dataformat/jackson-dataformat-yaml/", "ch/qos/logback/");

    @Test
    void thePluginBringsNoDriverNoCliNoPrometheusRegistry() throws IOException {
        List<String> classpath = runtimeClasspath();
        assertThat(classpath).as("the runtime class path was written").isNotEmpty();
        for (String artifact : ABSENT) {
            assertThat(classpath).as("runtime class path of guard-plugin").noneMatch(e -> e.contains(artifact));
        }
        // and what the plugin does need is there (the list is not simply empty or wrong)
        assertThat(classpath).anyMatch(e -> e.contains("org/quartz-scheduler/quartz/"))
                .anyMatch(e -> e.contains("io/micrometer/micrometer-core/"))
                .anyMatch(e -> e.contains("org/flywaydb/flyway-core/"))
                .anyMatch(e -> e.contains("org/jobrunr/jobrunr/"));
    }

    static List<String> runtimeClasspath() throws IOException {
        Path file = Path.of("target/runtime-classpath.txt");
        if (!Files.exists(file)) {
            fail(file.toAbsolutePath() + " is missing: run the test through Maven (mvn -pl guard-plugin -am test;"
                    + " dependency:build-classpath writes it at generate-test-resources)");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        return Arrays.stream(text.split(File.pathSeparator)).map(e -> e.replace(File.separatorChar, '/')).toList();
    }
}
