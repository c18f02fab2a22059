package ai.ringrift.db.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditFormatTest {

    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final DecisionRow ROW = AuditRows.decision("train", "RESIZE", "HIGH", NOW).toBuilder()
            .reason("cpu 85%, \"hot\"\nnext line").build().withNodeAndSeq("n,1", 7);

    @Test
    void csvQuotesPerRfc4180() {
        String csv = AuditFormat.toCsv(List.of(ROW));
        String[] lines = csv.split("\r\n", -1);
        assertThat(lines[0]).startsWith("nodeId,seq,decidedAt,jobGroup,jobName,");
        assertThat(lines[1]).startsWith("\"n,1\",7,2026-03-10T12:00:00Z,DEFAULT,train,");
        assertThat(csv).contains(",\"cpu 85%, \"\"hot\"\"\nnext line\",");
        assertThat(csv).endsWith("\r\n");
        assertThat(AuditFormat.csvField("plain")).isEqualTo("plain");
    }

    @Test
    void jsonHasEveryField() throws Exception {
        JsonNode a = new ObjectMapper().readTree(AuditFormat.toJson(List.of(ROW, ROW)));
        assertThat(a.size()).isEqualTo(2);
        assertThat(a.get(0).get("seq").asLong()).isEqualTo(7);
        assertThat(a.get(0).get("reason").asText()).isEqualTo(ROW.reason());
        assertThat(a.get(0).get("grantedSize").asInt()).isEqualTo(250);
        assertThat(a.get(0).get("gpuUsedPct").isNull()).isTrue();
        assertThat(a.get(0).has("t")).isFalse();
        assertThat(a.get(0).size()).isEqualTo(AuditFormat.CSV_COLUMNS.size());
    }

    @Test
    void spoolLinesRoundTrip() {
        assertThat(SpoolCodec.decode(SpoolCodec.encode(ROW)).decision()).isEqualTo(ROW);
        OutcomeRow o = OutcomeRow.of(7, "g", "j", NOW, NOW.plusMillis(5), false, "E", "m", null).withNodeId("n");
        assertThat(SpoolCodec.decode(SpoolCodec.encode(o)).outcome()).isEqualTo(o);
        assertThatThrownBy(() -> SpoolCodec.decode("{\"t\":\"d\",\"se")).hasMessageContaining("not a JSON spool line");
    }

    @Test
    void parseSinceReadsRelativeAndIsoTimes() {
        assertThat(AuditFormat.parseSince("1h", NOW)).isEqualTo(Instant.parse("2026-03-10T11:00:00Z"));
        assertThat(AuditFormat.parseSince("30m", NOW)).isEqualTo(Instant.parse("2026-03-10T11:30:00Z"));
        assertThat(AuditFormat.parseSince("7d", NOW)).isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
        assertThat(AuditFormat.parseSince(" 2026-01-01T00:00:00Z ", NOW)).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThatThrownBy(() -> AuditFormat.parseSince("yesterday", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read since 'yesterday'").hasMessageContaining("1h, 7d");
        assertThatThrownBy(() -> AuditFormat.parseSince("", NOW)).hasMessageContaining("since is empty");
    }
}
