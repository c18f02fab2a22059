package ai.ringrift.guard.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void parsesNamesLabelsValuesAndSkipsComments() {
        PrometheusText text = PrometheusText.parse("""
                # HELP a_metric something
                # TYPE a_metric gauge
                a_metric 42.5
                b_total{decision="DEFER",reason="say \\"hi\\"\\\\ \\nnow"} 3.0 1700000000000
                c_bucket{le="+Inf",} 7
                d NaN
                """);
        assertThat(text.value("a_metric")).contains(42.5);
        assertThat(text.value("b_total", Map.of("decision", "DEFER", "reason", "say \"hi\"\\ \nnow"))).contains(3.0);
        assertThat(text.value("c_bucket", Map.of("le", "+Inf"))).contains(7.0);
        assertThat(text.value("d")).hasValueSatisfying(v -> assertThat(v).isNaN());
        assertThat(text.samples()).hasSize(4);
        assertThat(text.has("a_metric_total")).isFalse();
    }

    @Test
    void rejectsGarbage() {
        assertThatThrownBy(() -> PrometheusText.parse("ok 1\n9bad 1\n"))
                .hasMessageContaining("line 2");
    }
}
