package ai.ringrift.guard.config;

import ai.ringrift.guard.policy.HostTier;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.quartz.CronExpression;
import org.quartz.Job;

/**
 * The rules a read {@link GuardConfig} must satisfy: ranges, warn below max, disk tighter than
 * memory, ascending bands, valid cron, loadable job classes, consistent resizable parameters,
 * needs that fit this host, unique job names, no unauthenticated listener beyond loopback.
 * Every broken rule is reported, with the line of its path from {@link SourceLines}.
 */
public final class ConfigValidator {

    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final ValidationContext context;

    public ConfigValidator(ValidationContext context) {
        this.context = context;
    }

    /** Validates a configuration built in code (problems carry no line). */
    public List<Problem> validate(GuardConfig config) {
        ProblemCollector problems = new ProblemCollector("guard.yaml", SourceLines.none());
        validate(config, problems);
        return problems.sorted();
    }

    void validate(GuardConfig c, ProblemCollector p) {
        new Run(c, p).all();
    }

    /** One validation pass. */
    private final class Run {
        private final GuardConfig c;
        private final ProblemCollector p;
        private final SourceLines lines;

        Run(GuardConfig c, ProblemCollector p) {
            this.c = c;
            this.p = p;
            this.lines = p.lines();
        }

        void all() {
            limits();
            levels();
            sampling();
            tiers();
            policy();
            deferral();
            breaker();
            spawnRate();
            database();
            quartz();
            dashboard();
            metrics();
            audit();
            jobs();
        }

        private void limits() {
            for (Resource r : Resource.values()) {
                String base = "limits." + r.key();
                LimitConfig l = c.limits().of(r);
                boolean maxOk = percent(base + ".max", l.max(), false);
                boolean warnOk = percent(base + ".warn", l.warn(), true);
                if (maxOk && warnOk && l.warn() >= l.max()) {
                    String path = lines.contains(base + ".warn") || !lines.contains(base + ".max")
                            ? base + ".warn" : base + ".max";
                    p.error(path, "warn must be below max (warn " + Numbers.format(l.warn()) + " >= max "
                            + Numbers.format(l.max()) + ")");
                }
                atLeast(base + ".minFreeGb", l.minFreeGb(), 0);
            }
            double disk = c.limits().disk().max();
            double mem = c.limits().memory().max();
            if (disk > mem && disk <= 100) {
                p.warning("limits.disk.max", "disk max " + Numbers.format(disk) + "% is looser than memory max "
                        + Numbers.format(mem) + "%: keep disk tighter, because cleanup takes time to free space");
            }
        }

        private void levels() {
            List<Double> bands = c.levels().bands();
            if (bands.size() != 4) {
                p.error("levels.bands", "must list 4 edges, where levels 1, 2, 3 and 4 start (was "
                        + bands.size() + "); default [0.70, 0.85, 0.95, 1.00]");
            } else {
                for (int i = 0; i < bands.size(); i++) {
                    double b = bands.get(i);
                    String path = "levels.bands[" + i + "]";
                    if (!(b > 0 && b <= 2)) {
                        p.error(path, "must be above 0 and at most 2 (was " + Numbers.format(b) + ")");
                    } else if (i > 0 && b <= bands.get(i - 1)) {
                        p.error(path, "band edges must ascend: " + Numbers.format(b) + " is not above "
                                + Numbers.format(bands.get(i - 1)) + " (the edge before)");
                    }
                }
            }
            double margin = c.levels().margin();
            if (!(margin >= 0 && margin < 1)) {
                p.error("levels.margin", "must be at least 0 and below 1 (was " + Numbers.format(margin) + ")");
            }
            notNegative("levels.dwell", c.levels().dwell());
        }

        private void sampling() {
            SamplingConfig s = c.sampling();
            boolean intervalOk = s.interval().compareTo(MIN_INTERVAL) >= 0;
            if (!intervalOk) {
                p.error("sampling.interval", "must be at least 1s (was " + Durations.format(s.interval()) + ")");
            }
            if (intervalOk && s.staleAfter().compareTo(s.interval()) < 0) {
                p.error("sampling.staleAfter", "must be at least sampling.interval ("
                        + Durations.format(s.interval()) + "), or every snapshot counts as stale (was "
                        + Durations.format(s.staleAfter()) + ")");
            }
        }

        private void tiers() {
            for (HostTier t : HostTier.values()) {
                double v = c.tiers().target(t);
                percent("tiers.targets." + t.name(), v, false);
            }
        }

        private void policy() {
            PolicyConfig pc = c.policy();
            for (int level = 0; level < PolicyTable.LEVELS; level++) {
                if (level == 2 || level == 3) {
                    continue;
                }
                for (Priority pr : Priority.values()) {
                    if (pc.table().action(level, pr) == PolicyAction.RESIZE) {
                        p.error("policy.table.level" + level + "." + pr.name(), "resize is only possible at levels 2 "
                                + "and 3 (policy.resize.level2/level3 say by how much): use allow, defer or veto");
                    }
                }
            }
            fraction("policy.resize.level2", pc.resizeLevel2());
            fraction("policy.resize.level3", pc.resizeLevel3());
        }

        private void deferral() {
            DeferralConfig d = c.deferral();
            positive("deferral.initialBackoff", d.initialBackoff());
            if (!(d.multiplier() >= 1)) {
                p.error("deferral.multiplier", "must be at least 1 (was " + Numbers.format(d.multiplier()) + ")");
            }
            if (d.maxBackoff().compareTo(d.initialBackoff()) < 0) {
                p.error("deferral.maxBackoff", "must be at least deferral.initialBackoff ("
                        + Durations.format(d.initialBackoff()) + ") (was " + Durations.format(d.maxBackoff()) + ")");
            }
            if (!(d.jitter() >= 0 && d.jitter() <= 1)) {
                p.error("deferral.jitter", "must be between 0 and 1, a fraction of the delay (was "
                        + Numbers.format(d.jitter()) + ")");
            }
            atLeast("deferral.maxDeferrals", d.maxDeferrals(), 1);
        }

        private void breaker() {
            BreakerConfig b = c.breaker();
            atLeast("breaker.consecutiveFailures", b.consecutiveFailures(), 1);
            percent("breaker.failureRateThreshold", b.failureRateThreshold(), false);
            atLeast("breaker.window", b.window(), 1);
            positive("breaker.openDuration", b.openDuration());
            if (b.maxOpenDuration().compareTo(b.openDuration()) < 0) {
                p.error("breaker.maxOpenDuration", "must be at least breaker.openDuration ("
                        + Durations.format(b.openDuration()) + ") (was " + Durations.format(b.maxOpenDuration()) + ")");
            }
        }

        private void spawnRate() {
            atLeast("spawnRate.perMinute", c.spawnRate().perMinute(), 1);
            atLeast("spawnRate.burst", c.spawnRate().burst(), 1);
        }

        private void database() {
            String url = c.database().url();
            if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
                p.error("database.url", "must be a JDBC URL such as jdbc:h2:file:./data/ringrift or "
                        + "jdbc:postgresql://host:5432/ringrift (was '" + url + "')");
            }
            atLeast("database.poolSize", c.database().poolSize(), 1);
        }

        private void quartz() {
            atLeast("quartz.threadCount", c.quartz().threadCount(), 1);
            if (c.quartz().instanceName().isBlank()) {
                p.error("quartz.instanceName", "must not be empty (default ringrift)");
            }
        }

        private void dashboard() {
            DashboardConfig d = c.dashboard();
            listener("dashboard", d.host(), d.port());
            boolean hasUser = !d.username().isEmpty();
            boolean hasPassword = !d.password().isEmpty();
            if (hasUser != hasPassword) {
                p.error(hasUser ? "dashboard.password" : "dashboard.username", "dashboard.username and "
                        + "dashboard.password go together: set both or neither");
            } else if (d.enabled() && !isLoopback(d.host()) && !hasUser) {
                p.error("dashboard.host", "the dashboard would listen beyond loopback (" + d.host()
                        + ") without a login: set dashboard.username and dashboard.password (e.g. password: "
                        + "${RINGRIFT_DASHBOARD_PASSWORD}), or keep host 127.0.0.1");
            }
        }

        private void metrics() {
            MetricsConfig m = c.metrics();
            listener("metrics", m.host(), m.port());
            if (m.enabled() && !isLoopback(m.host()) && !m.hasToken()) {
                p.error("metrics.host", "the metrics endpoint would listen beyond loopback (" + m.host()
                        + ") without a token: set metrics.token (e.g. token: ${RINGRIFT_METRICS_TOKEN}), "
                        + "or keep host 127.0.0.1");
            }
        }

        private void listener(String section, String host, int port) {
            if (host.isBlank()) {
                p.error(section + ".host", "must not be empty (default 127.0.0.1)");
            }
            if (port < 0 || port > 65535) {
                p.error(section + ".port", "must be between 0 and 65535, 0 = any free port (was " + port + ")");
            }
        }

        private void audit() {
            AuditConfig a = c.audit();
            atLeast("audit.retentionDays", a.retentionDays(), 1);
            atLeast("audit.batchMaxRows", a.batchMaxRows(), 1);
            notNegative("audit.batchMaxWait", a.batchMaxWait());
        }

        private void jobs() {
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < c.jobs().size(); i++) {
                JobConfig j = c.jobs().get(i);
                String base = "jobs[" + i + "]";
                if (j.name().isEmpty()) {
                    p.error(base + ".name", "is required: a unique name for the job");
                } else {
                    Integer first = firstIndex.putIfAbsent(j.name(), i);
                    if (first != null) {
                        p.error(base + ".name", "duplicate job name '" + j.name() + "' (first used by jobs["
                                + first + "] at line " + lines.lineOf("jobs[" + first + "].name") + ")");
                    }
                }
                jobClass(base, j);
                schedule(base, j);
                resizable(base, j);
                capacity(base, j);
            }
        }

        private void jobClass(String base, JobConfig j) {
            String path = base + ".class";
            if (j.className().isEmpty()) {
                p.error(path, "is required: the fully qualified name of a class implementing org.quartz.Job");
                return;
            }
            Class<?> type;
            try {
                type = Class.forName(j.className(), false, context.loader());
            } catch (ClassNotFoundException | LinkageError e) {
                p.error(path, "class '" + j.className() + "' not found: check the spelling and that its jar is "
                        + "on the class path");
                return;
            }
            if (!Job.class.isAssignableFrom(type)) {
                p.error(path, "class '" + j.className() + "' does not implement org.quartz.Job");
            }
        }

        private void schedule(String base, JobConfig j) {
            int n = (j.cron() != null ? 1 : 0) + (j.interval() != null ? 1 : 0) + (j.once() ? 1 : 0);
            if (n == 0) {
                p.error(base, "job '" + j.name() + "' has no schedule: give one of cron, interval or once: true");
            } else if (n > 1) {
                StringBuilder given = new StringBuilder();
                if (j.cron() != null) {
                    given.append("cron");
                }
                if (j.interval() != null) {
                    given.append(given.length() > 0 ? " and " : "").append("interval");
                }
                if (j.once()) {
                    given.append(given.length() > 0 ? " and " : "").append("once");
                }
                p.error(base, "job '" + j.name() + "' has " + given + ": give exactly one of cron, interval, once");
            }
            if (j.cron() != null) {
                try {
                    CronExpression.validateExpression(j.cron());
                } catch (ParseException e) {
                    p.error(base + ".cron", "invalid cron expression '" + j.cron() + "': " + e.getMessage()
                            + " (Quartz cron: seconds minutes hours day-of-month month day-of-week [year],"
                            + " e.g. '0 0/5 * * * ?')");
                }
            }
            if (j.interval() != null && j.interval().compareTo(MIN_INTERVAL) < 0) {
                p.error(base + ".interval", "must be at least 1s (was " + Durations.format(j.interval()) + ")");
            }
        }

        private void resizable(String base, JobConfig j) {
            ResizableConfig r = j.resizable();
            if (r == null || r.param().isEmpty()) {
                return;
            }
            String minPath = base + ".resizable.min";
            boolean minOk = r.min() >= 1;
            if (!minOk) {
                p.error(minPath, "must be at least 1 (was " + r.min() + ")");
            }
            String value = j.parameters().get(r.param());
            if (value == null) {
                p.error(base + ".resizable.param", "names '" + r.param() + "', which is not in " + base
                        + ".parameters: add it there with the full-size value (e.g. " + r.param() + ": \"100\")");
                return;
            }
            String valuePath = base + ".parameters." + r.param();
            long v;
            try {
                v = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                p.error(valuePath, "must be a whole number, because it is the resizable parameter (was '"
                        + value + "')");
                return;
            }
            if (minOk && r.min() > v) {
                p.error(minPath, "minimum " + r.min() + " is above the value of " + r.param() + " (" + v + ")");
            }
        }

        private void capacity(String base, JobConfig j) {
            HostCapacity cap = context.capacity();
            for (Resource r : Resource.values()) {
                double need = j.needs().amount(r);
                double has = switch (r) {
                    case CPU -> cap.cpuCores();
                    case MEMORY -> cap.memoryGb();
                    case GPU -> cap.gpuMemoryGb();
                    case DISK -> cap.diskGb();
                };
                if (need <= 0 || Double.isNaN(has) || need <= has) {
                    continue;
                }
                String key = switch (r) {
                    case CPU -> "cpuCores";
                    case MEMORY -> "memoryGb";
                    case GPU -> "gpuMemoryGb";
                    case DISK -> "diskGb";
                };
                String unit = r == Resource.CPU ? " cores" : " GB";
                String what = switch (r) {
                    case CPU -> "CPU cores";
                    case MEMORY -> "memory";
                    case GPU -> "GPU memory";
                    case DISK -> "disk";
                };
                String msg = r == Resource.GPU && has == 0
                        ? "job '" + j.name() + "' needs " + Numbers.format(need) + " GB of GPU memory but no GPU "
                            + "was found on this host: it will never run here"
                        : "job '" + j.name() + "' needs " + Numbers.format(need) + unit + " but this host has "
                            + String.format(Locale.ROOT, "%.1f", has) + unit + " of " + what
                            + ": it will never fit here";
                p.warning(base + ".needs." + key, msg);
            }
        }

        // ---- helpers ----

        private boolean percent(String path, double v, boolean zeroAllowed) {
            if (v < 0 || v > 100 || Double.isNaN(v)) {
                p.error(path, "must be between 0 and 100 (was " + Numbers.format(v) + ")");
                return false;
            }
            if (!zeroAllowed && v == 0) {
                p.error(path, "must be above 0 (was 0)");
                return false;
            }
            return true;
        }

        private void fraction(String path, double v) {
            if (!(v > 0 && v <= 1)) {
                p.error(path, "must be above 0 and at most 1 (was " + Numbers.format(v) + ")");
            }
        }

        private void atLeast(String path, double v, double min) {
            if (!(v >= min)) {
                p.error(path, "must be at least " + Numbers.format(min) + " (was " + Numbers.format(v) + ")");
            }
        }

        private void positive(String path, Duration d) {
            if (d.isNegative() || d.isZero()) {
                p.error(path, "must be above 0s (was " + Durations.format(d) + ")");
            }
        }

        private void notNegative(String path, Duration d) {
            if (d.isNegative()) {
                p.error(path, "must be 0s or more (was " + Durations.format(d) + ")");
            }
        }
    }

    /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}: no name resolution is done. */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
