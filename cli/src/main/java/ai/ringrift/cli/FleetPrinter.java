package ai.ringrift.cli;

import ai.ringrift.db.fleet.Halt;
import ai.ringrift.db.fleet.NodeHeartbeat;
import ai.ringrift.db.fleet.NodeReading;
import ai.ringrift.guard.fleet.FleetReport;
import ai.ringrift.guard.fleet.ScaleAdvice;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Prints a {@link FleetReport} as text: one line per node, the halts in force, the scale advice. */
final class FleetPrinter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private FleetPrinter() {
    }

    static void print(FleetReport r, PrintWriter out) {
        if (r.nodes().isEmpty()) {
            out.println("no nodes in the registry (guard_node): no daemon has run on this database");
        } else {
            TextTable t = new TextTable("NODE", "STATE", "HOST", "VERSION", "TIER", "LEVEL", "WORST", "CPU", "MEMORY",
                    "GPU", "DISK", "RUNNING", "DEFERRED", "HALTED", "LAST HEARTBEAT (UTC)");
            for (FleetReport.Node n : r.nodes()) {
                NodeHeartbeat b = n.heartbeat();
                t.row(n.node(), state(n), b.host(), b.version(), b.tier(), b.level() < 0 ? "?" : b.level(),
                        b.worstResource() == null ? "-" : b.worstResource(), reading(b, "cpu"), reading(b, "memory"),
                        reading(b, "gpu"), reading(b, "disk"), b.runningFires(), b.pendingDeferrals(),
                        b.halted() ? "yes" : "no", TIME.format(b.heartbeatAt()) + " (" + seconds(n.silentMs()) + " ago)");
            }
            t.lines().forEach(out::println);
            out.println(r.nodes().size() + " node(s); lost after " + seconds(Math.round(r.lostAfter() * 1000))
                    + " without a heartbeat");
        }
        out.println();
        if (r.halts().isEmpty()) {
            out.println("halts: none");
        } else {
            out.println("halts:");
            for (Halt h : r.halts()) {
                out.println("  - " + h.sentence());
            }
        }
        printAdvice(r, out);
    }

    static void printAdvice(FleetReport r, PrintWriter out) {
        if (r.advice().isEmpty()) {
            out.println("scale advice: none (no live node runs a job of fleet.scaleJobs)");
            return;
        }
        out.println("scale advice (advice only, nothing acts on it):");
        TextTable t = new TextTable("NODE", "JOB", "RUNNING", "ADVICE");
        for (ScaleAdvice a : r.advice()) {
            t.row(a.node(), a.job(), a.running(), a.sentence());
        }
        t.lines().forEach(l -> out.println("  " + l));
    }

    private static String state(FleetReport.Node n) {
        if ("LOST".equals(n.state())) {
            return "LOST since " + TIME.format(n.lostSince());
        }
        return n.state();
    }

    private static String reading(NodeHeartbeat b, String resource) {
        NodeReading r = b.reading(resource);
        return r == null ? "-" : StatusPrinter.pct(r.usedPercent()) + " " + r.source();
    }

    private static String seconds(long ms) {
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0) : (ms / 1000) + "s";
    }
}
