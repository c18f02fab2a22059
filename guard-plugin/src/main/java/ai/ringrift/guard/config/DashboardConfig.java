package ai.ringrift.guard.config;

/**
 * {@code dashboard}: JobRunr's dashboard. Listening beyond loopback requires username and password.
 *
 * @param enabled  serve it (default true)
 * @param host     bind address (default 127.0.0.1)
 * @param port     port (default 8000; 0 = any free port)
 * @param username basic-auth user (default none)
 * @param password basic-auth password (default none); never printed
 */
public record DashboardConfig(boolean enabled, String host, int port, String username, String password) {

    public static DashboardConfig defaults() {
        return new DashboardConfig(true, "127.0.0.1", 8000, "", "");
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
