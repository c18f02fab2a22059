package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KeySuggesterTest {

    @Test
    void suggestsTheNearestKey() {
        List<String> keys = List.of("max", "warn", "minFreeGb");
        assertThat(KeySuggester.nearest("wran", keys)).contains("warn");
        assertThat(KeySuggester.nearest("minfreegb", keys)).contains("minFreeGb");
        assertThat(KeySuggester.nearest("colour", keys)).isEmpty();
        assertThat(KeySuggester.distance("kitten", "sitting")).isEqualTo(3);
    }
}
