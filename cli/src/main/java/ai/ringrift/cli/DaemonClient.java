package ai.ringrift.cli;

import ai.ringrift.guard.config.MetricsConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** Asks a running daemon for its status over the metrics endpoint ({@code GET /api/status}). */
final class DaemonClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private DaemonClient() {
    }

    /** The daemon's base URI for a metrics section. */
    static URI baseUri(MetricsConfig m) {
        String host = m.host().contains(":") ? "[" + m.host() + "]" : m.host();
        if ("0.0.0.0".equals(host)) {
            host = "127.0.0.1";
        }
        return URI.create("http://" + host + ":" + m.port());
    }

    /** The JSON of {@code /api/status}, or empty when no daemon answers (disabled, port 0, refused, not 200). */
    static Optional<String> status(MetricsConfig m) {
        if (!m.enabled() || m.port() <= 0) {
            return Optional.empty();
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
            HttpRequest.Builder req = HttpRequest.newBuilder(baseUri(m).resolve("/api/status")).timeout(TIMEOUT).GET();
            if (m.hasToken()) {
                req.header("Authorization", "Bearer " + m.token());
            }
            HttpResponse<String> r = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
