package ai.ringrift.guard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestHeadTest {

    /** Feeds {@code text} one byte per read, as a slow client does; returns the head once complete. */
    private static RequestHead feedByteByByte(String text) throws RequestHead.Refusal {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(HttpLimits.DEFAULTS.maxHeaderBytes() + 1);
        RequestHead.Scanner scanner = new RequestHead.Scanner(HttpLimits.DEFAULTS);
        for (int i = 0; i < bytes.length; i++) {
            buf.put(bytes[i]);
            buf.flip();
            RequestHead head = scanner.scan(buf);
            if (head != null) {
                assertThat(i).as("complete exactly at the last byte").isEqualTo(bytes.length - 1);
                return head;
            }
            buf.position(buf.limit()).limit(buf.capacity());
        }
        return null;
    }

    @Test
    void aHeadSentOneByteAtATimeIsFoundAtItsLastByte() throws Exception {
        RequestHead head = feedByteByByte("GET /api/audit?since=1h HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
        assertThat(head).isNotNull();
        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.uri().getRawQuery()).isEqualTo("since=1h");
        assertThat(head.headers().getFirst("accept")).isEqualTo("*/*");
        assertThat(feedByteByByte("HEAD /metrics HTTP/1.0\n\n").method()).isEqualTo("HEAD");
    }

    @Test
    void limitsAreRefusedWithTheirStatus() {
        assertThatThrownBy(() -> feedByteByByte("GET /" + "a".repeat(9000) + " HTTP/1.1\r\n\r\n"))
                .isInstanceOfSatisfying(RequestHead.Refusal.class, r -> assertThat(r.status).isEqualTo(414));
        assertThatThrownBy(() -> feedByteByByte("GET / HTTP/1.1\r\nX: " + "b".repeat(17_000) + "\r\n\r\n"))
                .isInstanceOfSatisfying(RequestHead.Refusal.class, r -> assertThat(r.status).isEqualTo(431));
        assertThatThrownBy(() -> feedByteByByte("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"))
                .isInstanceOfSatisfying(RequestHead.Refusal.class, r -> assertThat(r.status).isEqualTo(411));
        assertThatThrownBy(() -> feedByteByByte("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n\r\n"))
                .isInstanceOfSatisfying(RequestHead.Refusal.class, r -> assertThat(r.status).isEqualTo(413));
        assertThatThrownBy(() -> feedByteByByte("GET http://evil/ HTTP/1.1\r\n\r\n"))
                .isInstanceOfSatisfying(RequestHead.Refusal.class, r -> assertThat(r.status).isEqualTo(400));
    }
}
