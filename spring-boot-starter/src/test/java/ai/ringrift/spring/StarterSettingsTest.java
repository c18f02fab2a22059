package ai.ringrift.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.spring.app.StarterTestApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The guard's settings from Spring's environment: the loader's rules, Spring's keys, file and line. */
class StarterSettingsTest {

    @Test
    void invalidSettingsFailStartUpNamingTheKeyTheFileAndTheLine() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(StarterTestApplication.class)
                .properties("spring.config.location=classpath:broken-guard.yaml", "spring.main.web-application-type=none")
                .run().close())
                .hasRootCauseInstanceOf(GuardSettingsException.class)
                .rootCause()
                .satisfies(e -> {
                    GuardSettingsException g = (GuardSettingsException) e;
                    assertThat(g.problems()).anySatisfy(p -> assertThat(p)
                            .startsWith("broken-guard.yaml:8: ringrift.levels.margin:"));
                    assertThat(g.problems()).anySatisfy(p -> assertThat(p)
                            .startsWith("broken-guard.yaml:10: ringrift.deferral.jitter:"));
                    FailureAnalysis analysis = new GuardSettingsFailureAnalyzer().analyze(g);
                    assertThat(analysis.getDescription()).contains("ringrift.levels.margin");
                    assertThat(analysis.getAction()).contains("docs/configuration.md");
                });
    }

    @Test
    void keysFromPropertiesAndTheCommandLineAreReadAsYamlScalarsAndListsKeepTheirOrder() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "ringrift.levels.dwell", "5s",
                "ringrift.levels.bands[0]", "0.6",
                "ringrift.levels.bands[1]", "0.8",
                "ringrift.levels.bands[2]", "0.9",
                "ringrift.levels.bands[3]", "1.0",
                "ringrift.boot.http", "true")));

        GuardConfig config = EnvironmentGuardConfig.load(env, new RingriftBootProperties());

        assertThat(config.levels().dwell()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.levels().bands()).containsExactly(0.6, 0.8, 0.9, 1.0);
    }

    @Test
    void aHigherPrecedenceSourceWins() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addLast(new MapPropertySource("low", Map.of("ringrift.levels.dwell", "9s")));
        env.getPropertySources().addFirst(new MapPropertySource("high", Map.of("ringrift.levels.dwell", "2s")));

        assertThat(EnvironmentGuardConfig.load(env, new RingriftBootProperties()).levels().dwell())
                .isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aConfigFileIsReadWithItsOwnLinesAndNeverTogetherWithRingriftKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("guard.yaml");
        Files.writeString(file, "levels:\n  dwell: 3s\n  margin: 0.8\n");
        RingriftBootProperties props = new RingriftBootProperties();
        props.setConfigFile(file.toString());

        assertThatThrownBy(() -> EnvironmentGuardConfig.load(new StandardEnvironment(), props))
                .isInstanceOf(GuardSettingsException.class)
                .hasMessageContaining("levels.margin")
                .hasMessageContaining("guard.yaml:3: levels.margin");

        Files.writeString(file, "levels:\n  dwell: 3s\n");
        assertThat(EnvironmentGuardConfig.load(new StandardEnvironment(), props).levels().dwell())
                .isEqualTo(Duration.ofSeconds(3));

        StandardEnvironment both = new StandardEnvironment();
        both.getPropertySources().addFirst(new MapPropertySource("app", Map.of("ringrift.levels.dwell", "2s")));
        assertThatThrownBy(() -> EnvironmentGuardConfig.load(both, props))
                .isInstanceOf(GuardSettingsException.class)
                .hasMessageContaining("keep one of them");

        props.setConfigFile(dir.resolve("missing.yaml").toString());
        assertThatThrownBy(() -> EnvironmentGuardConfig.load(new StandardEnvironment(), props))
                .hasMessageContaining("ringrift.boot.config-file")
                .hasMessageContaining("does not exist");
    }
}
