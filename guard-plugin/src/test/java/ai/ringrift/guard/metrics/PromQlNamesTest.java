package ai.ringrift.guard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {

    @Test
    void histogramQuantileOverARateGivesTheBucketSeriesAndItsLabels() {
        PromQlNames q = PromQlNames.of("histogram_quantile(0.9, sum by (le) (rate("
                + "ringrift_guard_deferral_age_seconds_bucket{job=~\"$job\", instance=~\"${instance}\"}[$__rate_interval])))");
        assertThat(q.metrics()).containsExactly("ringrift_guard_deferral_age_seconds_bucket");
        assertThat(q.matcherLabels()).isEqualTo(Map.of("ringrift_guard_deferral_age_seconds_bucket", Set.of("job", "instance")));
        assertThat(q.groupingLabels()).containsExactly("le");
    }

    @Test
    void keywordsNumbersDurationsAndFunctionsAreNotMetrics() {
        PromQlNames q = PromQlNames.of("count(a_total offset 5m == 2) or vector(0) and on (instance) "
                + "group_left(resource) b_seconds > bool 1e3 unless deriv(c[10m:1m]) < Inf");
        assertThat(q.metrics()).containsExactlyInAnyOrder("a_total", "b_seconds", "c");
        assertThat(q.groupingLabels()).containsExactlyInAnyOrder("instance", "resource");
    }

    @Test
    void stringsInsideMatchersNeverCountAsNames() {
        PromQlNames q = PromQlNames.of("sum without (priority) (x{decision=~\"DEFER|VETO\", reason!=\"rate(y)\"}) / z");
        assertThat(q.metrics()).containsExactlyInAnyOrder("x", "z");
        assertThat(q.matcherLabels().get("x")).containsExactlyInAnyOrder("decision", "reason");
        assertThat(q.groupingLabels()).containsExactly("priority");
    }

    @Test
    void legendPlaceholdersAreLabelNames() {
        assertThat(PromQlNames.legendLabels("{{job_name}} @ {{ instance }}")).containsExactly("job_name", "instance");
        assertThat(PromQlNames.legendLabels("p99")).isEmpty();
    }
}
