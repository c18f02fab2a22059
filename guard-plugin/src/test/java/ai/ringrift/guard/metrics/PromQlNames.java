package ai.ringrift.guard.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric and label names a PromQL expression uses, for tests that check queries (Grafana
 * panels, alert rules) against a real scrape. Not a PromQL parser: it relies on PromQL's lexical
 * shape. Grafana variables ({@code $job}, {@code ${x}}, {@code [$__rate_interval]}) become
 * numbers, string literals are emptied, {@code {...}} label matchers and {@code by/without/on/
 * ignoring/group_left/group_right (...)} lists give label names, {@code [...]} ranges are dropped,
 * and of the identifiers left those followed by {@code (} (functions, aggregations) and the
 * keywords are not metrics; every other identifier is a metric name, exactly as the scrape must
 * have it (a histogram is queried as {@code _bucket}, {@code _count}, {@code _sum}, {@code _max},
 * a counter with {@code _total}: no suffix is stripped or added).
 *
 * @param metrics        metric names
 * @param matcherLabels  per metric name, the label names its selectors match on
 * @param groupingLabels label names of {@code by}, {@code without}, {@code on}, {@code ignoring},
 *                       {@code group_left}, {@code group_right}
 */
record PromQlNames(Set<String> metrics, Map<String, Set<String>> matcherLabels, Set<String> groupingLabels) {

    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"|'(?:\\\\.|[^'\\\\])*'|`[^`]*`");
    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)?\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_LABEL = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern GROUPING = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![A-Za-z0-9_:.])[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "atan2", "by", "without", "on", "ignoring", "group_left", "group_right");

    static PromQlNames of(String expr) {
        String s = GRAFANA_VARIABLE.matcher(expr).replaceAll("0");
        s = STRING.matcher(s).replaceAll("\"\"");

        Set<String> metrics = new LinkedHashSet<>();
        Map<String, Set<String>> matcherLabels = new LinkedHashMap<>();
        Matcher selector = SELECTOR.matcher(s);
        StringBuilder rest = new StringBuilder();
        while (selector.find()) {
            String name = selector.group(1);
            if (name != null && !KEYWORDS.contains(name)) {
                metrics.add(name);
                Set<String> labels = matcherLabels.computeIfAbsent(name, n -> new LinkedHashSet<>());
                Matcher label = MATCHER_LABEL.matcher(selector.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
                selector.appendReplacement(rest, " ");
            } else {
                // a selector without a name ({__name__=~"..."}) or after a keyword: keep the keyword
                selector.appendReplacement(rest, Matcher.quoteReplacement(name == null ? " " : name + " "));
            }
        }
        selector.appendTail(rest);
        s = RANGE.matcher(rest).replaceAll(" ");

        Set<String> grouping = new LinkedHashSet<>();
        Matcher g = GROUPING.matcher(s);
        while (g.find()) {
            Matcher label = LABEL_NAME.matcher(g.group(1));
            while (label.find()) {
                grouping.add(label.group());
            }
        }
        s = GROUPING.matcher(s).replaceAll(" ");

        Matcher id = IDENTIFIER.matcher(s);
        while (id.find()) {
            String name = id.group();
            if (KEYWORDS.contains(name.toLowerCase(Locale.ROOT)) || followedByParenthesis(s, id.end())) {
                continue;
            }
            metrics.add(name);
        }
        return new PromQlNames(Collections.unmodifiableSet(metrics), Collections.unmodifiableMap(matcherLabels),
                Collections.unmodifiableSet(grouping));
    }

    /** The label names used in {@code {{label}}} placeholders of a Grafana legend format. */
    static Set<String> legendLabels(String legendFormat) {
        Set<String> labels = new LinkedHashSet<>();
        Matcher m = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}").matcher(legendFormat == null ? "" : legendFormat);
        while (m.find()) {
            labels.add(m.group(1));
        }
        return labels;
    }

    private static boolean followedByParenthesis(String s, int from) {
        int i = from;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i < s.length() && s.charAt(i) == '(';
    }
}
