package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;

/**
 * {@code dashboard}: JobRunr's dashboard. Listening beyond loopback requires username and password.
 *
 * @param enabled  serve it (default true)
 * @param host     bind address (default 127.0.0.1)
 * @param port     port (default 8000; 0 = any free port)
 * @param username basic-auth user (default none)
 * @param password basic-auth password (default none); never printed
 */
public record DashboardConfig(boolean enabled, String host, int port, String username, String password)
        implements Checked {

    public static DashboardConfig defaults() {
        return new DashboardConfig(true, "127.0.0.1", 8000, "", "");
    }

    @Override
    public void check(Problems p, String path) {
        Listener.check(p, path, host, port);
        boolean hasUser = username != null && !username.isEmpty();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser != hasPassword) {
            p.error(Problems.path(path, hasUser ? "password" : "username"), "dashboard.username and "
                    + "dashboard.password go together: set both or neither");
        } else if (enabled && !Listener.isLoopback(host) && !hasUser) {
            p.error(Problems.path(path, "host"), "the dashboard would listen beyond loopback (" + host
                    + ") without a login: set dashboard.username and dashboard.password (e.g. password: "
                    + "${RINGRIFT_DASHBOARD_PASSWORD}), or keep host 127.0.0.1");
        }
    }

    public boolean hasCredentials() {
        return username != null && !username.isEmpty() && password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "DashboardConfig[enabled=" + enabled + ", host=" + host + ", port=" + port + ", username=" + username
                + ", password=" + (password == null || password.isEmpty() ? "" : "****") + "]";
    }
}
