package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Checks;
import ai.ringrift.scheduler.model.Resource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.quartz.Job;

/**
 * Checks a read {@link GuardConfig}: every section checks its own rules ({@code check(Problems, path)}
 * beside its fields, the same rules the runtime refuses settings by); the rules of {@code jobs},
 * which need this host (loadable classes, needs that fit) and the whole list (unique names), are
 * here. Every broken rule is reported, with the line of its path from {@link SourceLines}.
 */
public final class ConfigValidator {

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
            c.check(p, "");
            jobs();
        }

        private void jobs() {
            Map<String, Integer> firstIndex = new HashMap<>();
            for (int i = 0; i < c.jobs().size(); i++) {
                JobConfig j = c.jobs().get(i);
                String base = "jobs[" + i + "]";
                j.check(p, base);
                if (!j.name().isEmpty()) {
                    Integer first = firstIndex.putIfAbsent(j.name(), i);
                    if (first != null) {
                        p.error(base + ".name", "duplicate job name '" + ConfigLimits.quote(j.name()) + "' (first used by jobs["
                                + first + "] at line " + lines.lineOf("jobs[" + first + "].name") + ")");
                    }
                }
                jobClass(base, j);
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
                p.error(path, "class '" + ConfigLimits.quote(j.className()) + "' not found: check the spelling and that its jar is "
                        + "on the class path");
                return;
            }
            if (!Job.class.isAssignableFrom(type)) {
                p.error(path, "class '" + ConfigLimits.quote(j.className()) + "' does not implement org.quartz.Job");
            }
        }

        private void capacity(String base, JobConfig j) {
            HostCapacity cap = context.capacity();
            for (Resource r : Resource.values()) {
                if (!r.needable()) {
                    continue;
                }
                double need = j.needs().amount(r);
                double has = switch (r) {
                    case CPU -> cap.cpuCores();
                    case MEMORY -> cap.memoryGb();
                    case GPU -> cap.gpuMemoryGb();
                    case DISK -> cap.diskGb();
                    case MEMORY_PRESSURE -> Double.NaN;
                };
                if (need <= 0 || Double.isNaN(has) || need <= has) {
                    continue;
                }
                String key = switch (r) {
                    case CPU -> "cpuCores";
                    case MEMORY -> "memoryGb";
                    case GPU -> "gpuMemoryGb";
                    case DISK -> "diskGb";
                    case MEMORY_PRESSURE -> "";
                };
                String unit = r == Resource.CPU ? " cores" : " GB";
                String what = switch (r) {
                    case CPU -> "CPU cores";
                    case MEMORY -> "memory";
                    case GPU -> "GPU memory";
                    case DISK -> "disk";
                    case MEMORY_PRESSURE -> "";
                };
                String msg = r == Resource.GPU && has == 0
                        ? "job '" + ConfigLimits.quote(j.name()) + "' needs " + Checks.number(need) + " GB of GPU memory but no GPU "
                            + "was found on this host: with no GPU reading its fires are decided by policy.failPolicy"
                        : "job '" + ConfigLimits.quote(j.name()) + "' needs " + Checks.number(need) + unit + " but this host has "
                            + String.format(Locale.ROOT, "%.1f", has) + unit + " of " + what
                            + ": it will never fit here";
                p.warning(base + ".needs." + key, msg);
            }
        }
    }

    /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}: no name resolution is done. */
    public static boolean isLoopback(String host) {
        return Listener.isLoopback(host);
    }
}
