package ai.ringrift.guard.caps;

import ai.ringrift.guard.settings.Checked;
import ai.ringrift.guard.settings.Checks;
import ai.ringrift.guard.settings.Problems;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of {@code caps.rules}: how many fires of the matching jobs may run at once, per node
 * and in the whole fleet, and optionally how fast they may start fleet-wide.
 *
 * @param name      {@code name}: the cap's name, named in deferral sentences and shared by the fleet
 *                  (nodes count against the cap of the same name); letters, digits, {@code -_.}
 * @param match     {@code match}: job names it covers, a glob ({@code *} any run of characters,
 *                  {@code ?} one); default the name itself
 * @param perNode   {@code perNode}: running at once on one node, at least 1
 * @param total     {@code total}: running at once in the fleet, at least {@code perNode}
 * @param perMinute {@code perMinute}: fleet-wide starts per minute, 0 for none (default 0)
 * @param burst     {@code burst}: fleet-wide starts at once when {@code perMinute} is set, at least 1 (default 5)
 */
public record CapRule(String name, String match, int perNode, int total, double perMinute, int burst)
        implements Checked {

    public static final int DEFAULT_BURST = 5;

    public CapRule {
        Objects.requireNonNull(name, "name");
        match = match == null || match.isBlank() ? name : match;
    }

    /** The seed's self-play cap: 32 per node, 200 in the fleet. */
    public static final CapRule SELFPLAY = new CapRule("selfplay", "selfplay*", 32, 200, 0, DEFAULT_BURST);

    /** Whether the cap covers job {@code jobName}. */
    public boolean matches(String jobName) {
        return glob(match).matcher(jobName).matches();
    }

    /** {@code *} and {@code ?} as in a shell; everything else literal. */
    static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            if (ch == '*' || ch == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(ch == '*' ? ".*" : ".");
            } else {
                literal.append(ch);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public void check(Problems p, String path) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            p.error(Problems.path(path, "name"), "must be 1-100 letters, digits, '-', '_' or '.', starting with a "
                    + "letter or digit (was '" + name + "')");
        }
        Checks.atLeast(p, Problems.path(path, "perNode"), perNode, 1);
        if (Checks.atLeast(p, Problems.path(path, "total"), total, 1) && perNode >= 1 && total < perNode) {
            p.error(Problems.path(path, "total"), "must be at least perNode " + perNode + " (was " + total + ")");
        }
        if (!(perMinute >= 0) || Double.isInfinite(perMinute)) {
            p.error(Problems.path(path, "perMinute"), "must be 0 (no rate) or a number above 0 (was "
                    + Checks.number(perMinute) + ")");
        }
        Checks.atLeast(p, Problems.path(path, "burst"), burst, 1);
    }
}
