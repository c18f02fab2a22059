package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

/**
 * {@code metrics}: the HTTP endpoint with {@code /metrics}, {@code /api/status}, {@code /api/audit}.
 * Listening beyond loopback requires a bearer token.
 *
 * @param enabled serve it (default true)
 * @param host    bind address (default 127.0.0.1)
 * @param port    port (default 9400; 0 = any free port)
 * @param token   bearer token clients must send (default none); never printed
 */
public record MetricsConfig(boolean enabled, String host, int port, String token) implements Checked {

    public static MetricsConfig defaults() {
        return new MetricsConfig(true, "127.0.0.1", 9400, "");
    }

    @Override
    public void check(Problems p, String path) {
        Listener.check(p, path, host, port);
        if (enabled && !Listener.isLoopback(host) && !hasToken()) {
            p.error(Problems.path(path, "host"), "the metrics endpoint would listen beyond loopback (" + host
                    + ") without a token: set metrics.token (e.g. token: ${RINGRIFT_METRICS_TOKEN}), "
                    + "or keep host 127.0.0.1");
        }
    }

    public boolean hasToken() {
        return token != null && !token.isEmpty();
    }

    @Override
    public String toString() {
        return "MetricsConfig[enabled=" + enabled + ", host=" + host + ", port=" + port
                + ", token=" + (hasToken() ? "****" : "") + "]";
    }
}
