package ai.ringrift.cli;

import ai.ringrift.guard.runtime.StatusReport;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** Prints a {@link StatusReport} as text: readings, limits, level, tier, breakers, deferrals, recommendations. */
final class StatusPrinter {

    private StatusPrinter() {
    }

    static void print(StatusReport r, PrintWriter out) {
        out.println("node     " + r.node());
        out.println("taken    " + r.takenAt() + (r.stale() ? "  (STALE)" : ""));
        out.println("level    " + r.level() + " " + levelName(r.level())
                + (r.worstResource() == null ? "" : " (worst: " + r.worstResource() + ")"));
        out.println("tier     " + r.tier() + ", target " + pct(r.tierTargetPercent()));
        if (r.dashboardUrl() != null) {
            out.println("dashboard " + r.dashboardUrl());
        }
        if (r.metricsUrl() != null) {
            out.println("metrics  " + r.metricsUrl());
        }
        out.println();
        TextTable t = new TextTable("RESOURCE", "USED", "WARN", "MAX", "RATIO", "STATE", "SOURCE", "AGE", "DETAIL");
        for (StatusReport.ResourceLine l : r.resources()) {
            t.row(l.resource(), pct(l.usedPercent()), pct(l.warnPercent()), pct(l.maxPercent()),
                    String.format(Locale.ROOT, "%.2f", l.ratio()), l.state(), l.source(), l.ageMs() + "ms", l.detail());
        }
        t.lines().forEach(out::println);
        r.missing().forEach((res, why) -> out.println(res + ": no reading (" + why + ")"));
        out.println();
        out.println("breakers: " + (r.breakers().isEmpty() ? "none" : join(r.breakers())));
        if (r.pendingDeferralsUnknown() != null) {
            out.println("pending deferrals: " + r.pendingDeferralsUnknown());
        } else if (r.pendingDeferrals().isEmpty()) {
            out.println("pending deferrals: none");
        } else {
            out.println("pending deferrals:");
            TextTable d = new TextTable("JOB", "NODE", "PRIORITY", "ATTEMPT", "RUN AT", "REASON");
            for (StatusReport.Deferral x : r.pendingDeferrals()) {
                d.row(x.job(), x.node(), x.priority(), x.attempt(), x.runAt(), x.reason());
            }
            d.lines().forEach(l -> out.println("  " + l));
        }
        if (r.auditSpoolRows() > 0) {
            out.println("audit spool: " + r.auditSpoolRows() + " row(s) waiting for the database");
        }
        out.println("recommendations:");
        r.recommendations().forEach(s -> out.println("  - " + s));
    }

    static String levelName(int level) {
        return switch (level) {
            case 0 -> "Normal";
            case 1 -> "Light";
            case 2 -> "Moderate";
            case 3 -> "Heavy";
            case 4 -> "Critical";
            default -> "unknown";
        };
    }

    static String pct(double v) {
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v)) + "%";
    }

    private static String join(Map<String, String> m) {
        StringBuilder b = new StringBuilder();
        m.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
        return b.toString();
    }
}
