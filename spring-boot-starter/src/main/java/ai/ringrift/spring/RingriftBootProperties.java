package ai.ringrift.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The starter's own switches, under {@code ringrift.boot.*}. The guard's settings themselves are
 * the keys of guard.yaml, written under {@code ringrift.*} in {@code application.yaml} (or kept in
 * a guard.yaml named by {@link #getConfigFile() config-file}); see {@link EnvironmentGuardConfig}.
 */
@ConfigurationProperties(prefix = "ringrift.boot")
public class RingriftBootProperties {

    /** Whether the guard is configured at all (default true). */
    private boolean enabled = true;
    /** A guard.yaml to read instead of {@code ringrift.*} keys (a path; relative to the working directory). */
    private String configFile;
    /** Serve the guard's own status endpoint (guard.yaml {@code metrics.host/port}); default false. */
    private boolean http;
    /** Serve JobRunr's dashboard (guard.yaml {@code dashboard.host/port}); default false. */
    private boolean dashboard;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getConfigFile() {
        return configFile;
    }

    public void setConfigFile(String configFile) {
        this.configFile = configFile == null || configFile.isBlank() ? null : configFile.trim();
    }

    public boolean isHttp() {
        return http;
    }

    public void setHttp(boolean http) {
        this.http = http;
    }

    public boolean isDashboard() {
        return dashboard;
    }

    public void setDashboard(boolean dashboard) {
        this.dashboard = dashboard;
    }
}
