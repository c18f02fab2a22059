package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.guard.caps.CapRule;
import ai.ringrift.guard.caps.CapsSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code caps} of guard.yaml: the seed default, binding, the rules with file and line, the round trip. */
class CapsConfigTest {

    @Test
    void anEmptyFileHasTheSeedsSelfplayCap() {
        CapsSettings caps = ConfigLoaderTest.load("").caps();
        assertThat(caps.rules()).containsExactly(new CapRule("selfplay", "selfplay*", 32, 200, 0, 5));
        assertThat(caps.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(caps.ruleFor("selfplay-gpu0")).isPresent();
        assertThat(caps.ruleFor("training")).isEmpty();
    }

    @Test
    void rulesBindInOrderAndAnEmptyListTurnsCapsOff() {
        GuardConfig c = ConfigLoaderTest.load("""
                caps:
                  lease: 6s
                  rules:
                    - {name: gpu-selfplay, match: "selfplay-gpu*", perNode: 2, total: 4, perMinute: 30, burst: 2}
                    - {name: selfplay, match: "selfplay*", perNode: 8, total: 40}
                    - {name: eval, perNode: 1, total: 1}
                """);
        assertThat(c.caps().lease()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.caps().ruleFor("selfplay-gpu3").orElseThrow().name()).as("first match wins")
                .isEqualTo("gpu-selfplay");
        assertThat(c.caps().ruleFor("selfplay-cpu").orElseThrow().name()).isEqualTo("selfplay");
        assertThat(c.caps().ruleFor("eval").orElseThrow().match()).as("match defaults to the name").isEqualTo("eval");
        assertThat(c.caps().ruleFor("eval2")).isEmpty();
        assertThat(ConfigLoaderTest.load(c.toYaml()).caps()).as("written and read back").isEqualTo(c.caps());
        assertThat(ConfigLoaderTest.load("caps: {rules: []}").caps().rules()).isEmpty();
    }

    @Test
    void brokenRulesAreReportedWithPathAndLine() {
        LoadResult r = ConfigLoaderTest.loader(Map.of()).loadText("""
                caps:
                  lease: 1s
                  rules:
                    - name: sp
                      perNode: 5
                      total: 2
                    - name: sp
                      perNode: 1
                      total: 1
                      perMinute: -1
                      size: 3
                    - perNode: 1
                      total: 1
                """, "caps.yaml");
        assertThat(r.errors()).extracting(Problem::toString).contains(
                "caps.yaml:2: caps.lease: must be at least 3s (was 1s)",
                "caps.yaml:6: caps.rules[0].total: must be at least perNode 5 (was 2)",
                "caps.yaml:7: caps.rules[1].name: names a cap already defined above ('sp')",
                "caps.yaml:10: caps.rules[1].perMinute: must be 0 (no rate) or a number above 0 (was -1)");
        assertThat(r.problems()).extracting(Problem::toString)
                .anyMatch(p -> p.startsWith("caps.yaml:11: caps.rules[1].size: unknown key 'size'"))
                .anyMatch(p -> p.startsWith("caps.yaml:12: caps.rules[2].name: is required"));
        assertThat(List.of(r.ok())).containsExactly(false);
    }
}
