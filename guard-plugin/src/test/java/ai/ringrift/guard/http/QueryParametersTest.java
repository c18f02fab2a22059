package ai.ringrift.guard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void decodesNamesAndValuesInOrder() {
        assertThat(QueryParameters.parse("since=1h&job=self%20play&flag&decision=DEFER+now&&"))
                .containsExactly(Map.entry("since", "1h"), Map.entry("job", "self play"), Map.entry("flag", ""),
                        Map.entry("decision", "DEFER now"));
        assertThat(QueryParameters.parse(null)).isEmpty();
        assertThat(QueryParameters.parse("")).isEmpty();
    }

    @Test
    void refusesRepeatedEmptyOrBadlyEncodedNames() {
        assertThatThrownBy(() -> QueryParameters.parse("job=a&job=b")).hasMessageContaining("'job' given twice");
        assertThatThrownBy(() -> QueryParameters.parse("=x")).hasMessageContaining("without a name");
        assertThatThrownBy(() -> QueryParameters.parse("job=%zz")).hasMessageContaining("percent-encoding");
    }
}
