package ai.ringrift.guard.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StatusServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<Map<String, String>> lastAuditQuery = new AtomicReference<>();
    private StatusServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private StatusServer.Builder fullServer() {
        return StatusServer.builder().port(0)
                .metrics(() -> "ringrift_resource_degradation_level 1.0\n")
                .status(() -> Map.of("level", 3, "tier", "MID_TIER",
                        "readings", List.of(Map.of("resource", "memory", "usedPercent", 81.5, "source", "cgroup"))))
                .audit(params -> {
                    lastAuditQuery.set(params);
                    String decision = params.get("decision");
                    if (decision != null && !List.of("ALLOW", "RESIZE", "DEFER", "VETO").contains(decision)) {
                        throw new IllegalArgumentException("decision '" + decision + "' unknown: use ALLOW, RESIZE, DEFER or VETO");
                    }
                    return List.of(Map.of("job", "selfplay", "decision", decision == null ? "ALLOW" : decision));
                });
    }

    @Test
    void bindsLoopbackByDefaultAndReportsTheChosenPort() {
        server = fullServer().start();
        assertThat(server.host()).isEqualTo("127.0.0.1");
        assertThat(server.port()).isPositive().isNotEqualTo(StatusServer.DEFAULT_PORT);
        assertThat(server.requiresToken()).isFalse();
        assertThat(StatusServer.DEFAULT_PORT).isEqualTo(9400);
    }

    @Test
    void statusIsJsonFromTheSupplier() throws Exception {
        server = fullServer().start();
        HttpResponse<String> response = get("/api/status", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("level").asInt()).isEqualTo(3);
        assertThat(body.get("tier").asText()).isEqualTo("MID_TIER");
        assertThat(body.get("readings").get(0).get("usedPercent").asDouble()).isEqualTo(81.5);
    }

    @Test
    void auditPassesDecodedFiltersToTheHandler() throws Exception {
        server = fullServer().start();
        HttpResponse<String> response = get("/api/audit?decision=DEFER&since=1h&job=self%20play", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(lastAuditQuery.get()).containsExactly(
                Map.entry("decision", "DEFER"), Map.entry("since", "1h"), Map.entry("job", "self play"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.isArray()).isTrue();
        assertThat(body.get(0).get("decision").asText()).isEqualTo("DEFER");
    }

    @Test
    void badAuditFilterIs400WithTheMessage() throws Exception {
        server = fullServer().start();
        HttpResponse<String> response = get("/api/audit?decision=MAYBE", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("error").asText())
                .isEqualTo("decision 'MAYBE' unknown: use ALLOW, RESIZE, DEFER or VETO");
    }

    @Test
    void repeatedAuditParameterIs400() throws Exception {
        server = fullServer().start();
        HttpResponse<String> twice = get("/api/audit?job=a&job=b", null);
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(twice.body()).get("error").asText()).contains("'job' given twice");
    }

    @Test
    void unknownPathsAre404AndOtherMethods405() throws Exception {
        server = fullServer().start();
        HttpResponse<String> missing = get("/api/jobs", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).get("error").asText()).contains("/api/jobs");
        assertThat(get("/metrics/", null).statusCode()).isEqualTo(404);

        for (String method : List.of("POST", "PUT", "DELETE")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/status"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(method).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).contains("GET, HEAD");
        }
    }

    @Test
    void metricsIsServedAsPrometheusText() throws Exception {
        server = fullServer().start();
        HttpResponse<String> response = get("/metrics", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("ringrift_resource_degradation_level 1.0\n");
    }

    @Test
    void routesWithoutAHandlerAre404() throws Exception {
        server = StatusServer.builder().port(0).metrics(() -> "x 1\n").start();
        assertThat(get("/metrics", null).statusCode()).isEqualTo(200);
        assertThat(get("/api/status", null).statusCode()).isEqualTo(404);
        assertThat(get("/api/audit", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aFailingHandlerIs500WithJson() throws Exception {
        server = StatusServer.builder().port(0).status(() -> {
            throw new IllegalStateException("sampler gone");
        }).start();
        HttpResponse<String> response = get("/api/status", null);
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(response.body()).get("error").asText()).contains("sampler gone");
    }

    @Test
    void refusesToBindBeyondLoopbackWithoutAToken() {
        assertThatThrownBy(() -> StatusServer.builder().host("0.0.0.0").port(0).start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beyond loopback without a token")
                .hasMessageContaining("metrics.token");
        assertThatThrownBy(() -> StatusServer.builder().port(0).requireToken(true).token("  ").start())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExposedServerRequiresTheBearerTokenOnEveryRequest() throws Exception {
        server = fullServer().requireToken(true).token("s3cret-token").start();
        assertThat(server.requiresToken()).isTrue();
        for (String path : List.of("/metrics", "/api/status", "/api/audit", "/nowhere")) {
            HttpResponse<String> none = get(path, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).as(path).hasValueSatisfying(
                    v -> assertThat(v).startsWith("Bearer"));
            assertThat(get(path, "Bearer wrong").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Basic czNjcmV0LXRva2Vu").statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "Bearer s3cret-token-and-more").statusCode()).as(path).isEqualTo(401);
        }
        assertThat(get("/metrics", "Bearer s3cret-token").statusCode()).isEqualTo(200);
        assertThat(get("/api/status", "Bearer s3cret-token").statusCode()).isEqualTo(200);
        assertThat(get("/api/audit?decision=VETO", "bearer s3cret-token").statusCode()).isEqualTo(200);
        assertThat(get("/nowhere", "Bearer s3cret-token").statusCode()).isEqualTo(404);
    }

    @Test
    void aConfiguredTokenIsEnforcedOnLoopbackToo() throws Exception {
        server = fullServer().token("t").start();
        assertThat(get("/api/status", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/status", "Bearer t").statusCode()).isEqualTo(200);
    }

    @Test
    void theStatusPageIsServedFromTheJarWithNothingFromElsewhere() throws Exception {
        server = fullServer().page(true).start();
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                v -> assertThat(v).startsWith("default-src 'self'"));
        assertThat(page.body()).contains("<script src=\"/page/status.js\"").contains("/page/status.css");
        for (String asset : List.of("/page/status.js", "/page/status.css")) {
            HttpResponse<String> r = get(asset, null);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            // the only address in the script is SVG's namespace name, which nothing fetches
            assertThat(r.body().replace("'http://www.w3.org/2000/svg'", "")).as(asset).isNotBlank()
                    .doesNotContain("http://").doesNotContain("https://");
        }
        assertThat(page.body()).doesNotContain("https://");
        assertThat(get("/page/other.js", null).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutThePageTheRootIs404NamingWhatIsServed() throws Exception {
        server = fullServer().start();
        HttpResponse<String> r = get("/", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("/metrics, /api/status, /api/audit");
    }

    @Test
    void theStatusPageNeedsTheTokenLikeTheApi() throws Exception {
        server = fullServer().page(true).token("t").start();
        assertThat(get("/", null).statusCode()).isEqualTo(401);
        assertThat(get("/page/status.js", null).statusCode()).isEqualTo(401);
        assertThat(get("/", "Bearer t").statusCode()).isEqualTo(200);
    }

    @Test
    void furtherJsonResourcesGetTheirParametersAndAnswer400OnABadOne() throws Exception {
        server = fullServer().json("/api/history", params -> {
            if (params.containsKey("bad")) {
                throw new IllegalArgumentException("bad: no such filter");
            }
            return Map.of("since", params.getOrDefault("since", "1h"));
        }).start();
        HttpResponse<String> ok = get("/api/history?since=24h", null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("since").asText()).isEqualTo("24h");
        HttpResponse<String> bad = get("/api/history?bad=1", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("error").asText()).isEqualTo("bad: no such filter");
        assertThatThrownBy(() -> StatusServer.builder().json("/history", p -> p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/api/");
    }

    @Test
    void portOutOfRangeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> StatusServer.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.port");
    }

    private URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
