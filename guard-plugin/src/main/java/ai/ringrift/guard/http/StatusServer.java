package ai.ringrift.guard.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's read-only HTTP surface, on a {@link BoundedHttpServer} (limits per server:
 * {@link HttpLimits}; a client that never finishes its headers holds no request thread):
 * <ul>
 *   <li>{@code GET /metrics}: Prometheus text format 0.0.4 from the scrape supplier the owner of the
 *       Prometheus registry gives ({@link Builder#metrics}; the daemon's registry), 404 without one;</li>
 *   <li>{@code GET /api/status}: the status object as JSON;</li>
 *   <li>{@code GET /api/audit?since=1h&decision=DEFER...}: the query parameters go to the audit
 *       query handler; an {@link IllegalArgumentException} from it (a bad filter) is answered
 *       400 with {@code {"error": message}}.</li>
 * </ul>
 * HEAD of a resource answers like GET without the body. Any other path is 404, any other method
 * 405 (one line, no stack trace); a handler that throws {@link ServiceUnavailableException} (the
 * database is down) is 503 with its message. Binds 127.0.0.1:9400 by default. Bound beyond
 * loopback it refuses to start without a token, and with a token every request needs
 * {@code Authorization: Bearer TOKEN} (401 otherwise).
 */
public final class StatusServer implements AutoCloseable {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9400;
    /**
     * Content type of {@code /metrics}: the Prometheus text exposition format 0.0.4, which the
     * scrape supplier must produce (e.g. {@code prometheusRegistry.scrape(METRICS_CONTENT_TYPE)}).
     */
    public static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(StatusServer.class);

    private final BoundedHttpServer server;
    private final Routes routes;

    private StatusServer(BoundedHttpServer server, Routes routes) {
        this.server = server;
        this.routes = routes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port actually bound (the chosen one when configured as 0). */
    public int port() {
        return server.address().getPort();
    }

    /** The host address actually bound. */
    public String host() {
        return server.address().getAddress().getHostAddress();
    }

    /** Base URI, e.g. {@code http://127.0.0.1:9400}. */
    public URI baseUri() {
        String h = host().contains(":") ? "[" + host() + "]" : host();
        return URI.create("http://" + h + ":" + port());
    }

    /** True when every request must carry the bearer token. */
    public boolean requiresToken() {
        return routes.token != null;
    }

    /** The limits this server runs under. */
    public HttpLimits limits() {
        return server.limits();
    }

    /** Stops accepting requests at once (the API is read-only: a cut scrape is simply retried), then the request threads. */
    @Override
    public void close() {
        server.close();
    }

    /** Configures and starts a {@link StatusServer}. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String token;
        private boolean requireToken;
        private HttpLimits limits = HttpLimits.DEFAULTS;
        private Supplier<String> metrics;
        private Supplier<?> status;
        private Function<Map<String, String>, ?> audit;
        private Supplier<?> fleet;
        private ObjectMapper mapper;

        private Builder() {
        }

        /** Address to bind (default 127.0.0.1). Anything that is not loopback needs {@link #token}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind (default 9400); 0 picks a free one, see {@link StatusServer#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("metrics.port must be 0-65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** Bearer token; when set, every request must carry it. Required when bound beyond loopback. */
        public Builder token(String token) {
            this.token = token == null || token.isBlank() ? null : token;
            return this;
        }

        /**
         * Treats the server as exposed even on loopback: a token must be configured and is
         * enforced (for a loopback bind behind a forwarding proxy, and for tests of the check).
         */
        public Builder requireToken(boolean requireToken) {
            this.requireToken = requireToken;
            return this;
        }

        /** Request threads (default {@link HttpLimits#DEFAULTS}). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
            this.limits = limits.withThreads(threads);
            return this;
        }

        /** Connection, time and size limits (default {@link HttpLimits#DEFAULTS}). */
        public Builder limits(HttpLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Source of the {@code /metrics} body (Prometheus text 0.0.4); unset: 404. */
        public Builder metrics(Supplier<String> metrics) {
            this.metrics = metrics;
            return this;
        }

        /** Source of the {@code /api/status} object, serialised with Jackson; unset: 404. */
        public Builder status(Supplier<?> status) {
            this.status = status;
            return this;
        }

        /**
         * Handler of {@code /api/audit}: gets the query parameters, returns the object to serialise;
         * throws {@link IllegalArgumentException} for a bad filter (answered 400). Unset: 404.
         */
        public Builder audit(Function<Map<String, String>, ?> audit) {
            this.audit = audit;
            return this;
        }

        /** Source of the {@code /api/fleet} object (the node registry, halts, scale advice); unset: 404. */
        public Builder fleet(Supplier<?> fleet) {
            this.fleet = fleet;
            return this;
        }

        /** Jackson mapper for JSON bodies; default: a plain mapper with the modules found on the class path. */
        public Builder objectMapper(ObjectMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        /**
         * Binds and starts the server.
         *
         * @throws IllegalStateException when bound beyond loopback (or {@link #requireToken}) without a token
         * @throws UncheckedIOException  when the address cannot be bound
         */
        public StatusServer start() {
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("metrics.host '" + host + "' does not resolve", e);
            }
            boolean exposed = requireToken || !address.isLoopbackAddress();
            if (exposed && token == null) {
                throw new IllegalStateException("refusing to serve the HTTP API on " + host + ":" + port
                        + " beyond loopback without a token: set metrics.token, or bind 127.0.0.1");
            }
            ObjectMapper json = mapper != null ? mapper : new ObjectMapper().findAndRegisterModules();
            Routes routes = new Routes(token == null ? null : new BearerToken(token), metrics, status, audit, fleet,
                    json);
            BoundedHttpServer server;
            try {
                server = BoundedHttpServer.start("ringrift-http", new InetSocketAddress(address, port), limits,
                        List.of(new BoundedHttpServer.Mount("/", routes::handle, null)));
            } catch (UncheckedIOException e) {
                throw new UncheckedIOException("cannot bind the HTTP API to " + host + ":" + port
                        + " (port in use? set metrics.port)", e.getCause());
            }
            LOG.info("HTTP API on http://{}:{} (/metrics, /api/status, /api/audit, /api/fleet){}", host,
                    server.address().getPort(), token == null ? "" : ", bearer token required");
            return new StatusServer(server, routes);
        }
    }

    /** Authentication, routing and responses of one request. */
    private static final class Routes {
        private final BearerToken token;
        private final Supplier<String> metrics;
        private final Supplier<?> status;
        private final Function<Map<String, String>, ?> audit;
        private final Supplier<?> fleet;
        private final ObjectMapper json;

        Routes(BearerToken token, Supplier<String> metrics, Supplier<?> status,
               Function<Map<String, String>, ?> audit, Supplier<?> fleet, ObjectMapper json) {
            this.token = token;
            this.metrics = metrics;
            this.status = status;
            this.audit = audit;
            this.fleet = fleet;
            this.json = json;
        }

        void handle(HttpExchange exchange) {
            try {
                route(exchange);
            } catch (ServiceUnavailableException e) {
                try {
                    exchange.getResponseHeaders().set("Retry-After", "10");
                    sendError(exchange, 503, e.getMessage());
                } catch (IOException | RuntimeException ignored) {
                    // the response had already started; closing the exchange ends it
                }
            } catch (RuntimeException | IOException e) {
                LOG.warn("HTTP API: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                try {
                    sendError(exchange, 500, "internal error: " + e);
                } catch (IOException | RuntimeException ignored) {
                    // the response had already started; closing the exchange ends it
                }
            } finally {
                exchange.close();
            }
        }

        private void route(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            if (token != null && !token.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ringrift\"");
                sendError(exchange, 401, "missing or wrong bearer token: send 'Authorization: Bearer TOKEN'");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Route route = Route.of(path);
            if (route == null || !route.configured(this)) {
                sendError(exchange, 404, "no such resource: " + path + " (try /metrics, /api/status, /api/audit, /api/fleet)");
                return;
            }
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                sendError(exchange, 405, exchange.getRequestMethod() + " not allowed: the API is read-only, use GET");
                return;
            }
            switch (route) {
                case METRICS -> send(exchange, 200, METRICS_CONTENT_TYPE, metrics.get());
                case STATUS -> sendJson(exchange, 200, status.get());
                case AUDIT -> audit(exchange);
                case FLEET -> sendJson(exchange, 200, fleet.get());
            }
        }

        private void audit(HttpExchange exchange) throws IOException {
            Object result;
            try {
                Map<String, String> params = QueryParameters.parse(exchange.getRequestURI().getRawQuery());
                result = audit.apply(params);
            } catch (IllegalArgumentException e) {
                sendError(exchange, 400, e.getMessage() == null ? e.toString() : e.getMessage());
                return;
            }
            sendJson(exchange, 200, result);
        }

        private void sendJson(HttpExchange exchange, int code, Object body) throws IOException {
            String text;
            try {
                text = json.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialise the response as JSON: " + e.getOriginalMessage(), e);
            }
            send(exchange, code, JSON_CONTENT_TYPE, text);
        }

        private void sendError(HttpExchange exchange, int code, String message) throws IOException {
            send(exchange, code, JSON_CONTENT_TYPE, json.writeValueAsString(Map.of("error", message)));
        }

        private static void send(HttpExchange exchange, int code, String contentType, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private enum Route {
        METRICS, STATUS, AUDIT, FLEET;

        static Route of(String path) {
            return switch (path) {
                case "/metrics" -> METRICS;
                case "/api/status" -> STATUS;
                case "/api/audit" -> AUDIT;
                case "/api/fleet" -> FLEET;
                default -> null;
            };
        }

        boolean configured(Routes routes) {
            return switch (this) {
                case METRICS -> routes.metrics != null;
                case STATUS -> routes.status != null;
                case AUDIT -> routes.audit != null;
                case FLEET -> routes.fleet != null;
            };
        }
    }

}
