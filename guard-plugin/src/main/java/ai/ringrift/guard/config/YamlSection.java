package ai.ringrift.guard.config;

import ai.ringrift.db.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of the YAML tree with its dotted path, read value by value. Every read that fails
 * (wrong type, unknown key, unset environment variable) is reported to the {@link ProblemCollector}
 * with path and line, and the default is returned, so that one pass finds every problem.
 */
final class YamlSection {

    private final ProblemCollector problems;
    private final EnvSubstitution env;
    private final String path;
    private final int line;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    /**
     * @param allowedKeys the valid keys, or {@code null} for any key (a free-form map)
     */
    YamlSection(ProblemCollector problems, EnvSubstitution env, String path, Node node, int line,
                List<String> allowedKeys) {
        this.problems = problems;
        this.env = env;
        this.path = path;
        this.line = node == null ? line : line(node);
        if (node == null || isNull(node)) {
            return;
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.error(path, line(node), "must be a mapping of keys to values (was " + describe(node) + ")");
            return;
        }
        for (NodeTuple t : mapping.getValue()) {
            Node keyNode = t.getKeyNode();
            if (!(keyNode instanceof ScalarNode ks)) {
                problems.error(path, line(keyNode), "keys must be plain names (was " + describe(keyNode) + ")");
                continue;
            }
            String key = ks.getValue();
            String keyPath = childPath(key);
            if (entries.containsKey(key)) {
                problems.error(keyPath, line(keyNode), "duplicate key '" + ConfigLimits.quote(key) + "' (first at line "
                        + line(entries.get(key).getKeyNode()) + ")");
                continue;
            }
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                Optional<String> near = KeySuggester.nearest(key, allowedKeys);
                problems.error(keyPath, line(keyNode), "unknown key '" + ConfigLimits.quote(key) + "'"
                        + near.map(n -> ": did you mean '" + n + "'?")
                              .orElse(": valid keys here are " + String.join(", ", allowedKeys)));
                continue;
            }
            entries.put(key, t);
            problems.lines().put(keyPath, line(keyNode));
        }
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ConfigLimits.quote(((ScalarNode) node).getValue()) + "'";
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    String childPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    Set<String> keys() {
        return entries.keySet();
    }

    /** True when the key is written with a non-null value. */
    boolean has(String key) {
        NodeTuple t = entries.get(key);
        return t != null && !isNull(t.getValueNode());
    }

    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? line : line(t.getKeyNode());
    }

    Node valueNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    YamlSection section(String key, String... allowedKeys) {
        return new YamlSection(problems, env, childPath(key), valueNode(key), lineOf(key),
                allowedKeys.length == 0 ? null : Arrays.asList(allowedKeys));
    }

    /** A nested mapping whose keys are free (e.g. job parameters). */
    YamlSection freeSection(String key) {
        return new YamlSection(problems, env, childPath(key), valueNode(key), lineOf(key), null);
    }

    /** The elements of a list, each with its path ({@code key[i]}); empty when absent or not a list. */
    List<Element> list(String key) {
        Node n = valueNode(key);
        if (n == null) {
            return List.of();
        }
        if (!(n instanceof SequenceNode seq)) {
            problems.error(childPath(key), line(n), "must be a list (was " + describe(n) + ")");
            return List.of();
        }
        List<Element> out = new ArrayList<>();
        List<Node> items = seq.getValue();
        for (int i = 0; i < items.size(); i++) {
            String p = childPath(key) + "[" + i + "]";
            problems.lines().put(p, line(items.get(i)));
            out.add(new Element(p, items.get(i)));
        }
        return out;
    }

    /** A list element, readable as a scalar or as a section. */
    record Element(String path, Node node) {
    }

    YamlSection element(Element e, String... allowedKeys) {
        return new YamlSection(problems, env, e.path(), e.node(), line(e.node()), Arrays.asList(allowedKeys));
    }

    // ---- scalars by key ----

    Optional<String> text(String key) {
        Node n = valueNode(key);
        return n == null ? Optional.empty() : text(childPath(key), n);
    }

    String string(String key, String def) {
        return text(key).orElse(def);
    }

    double number(String key, double def) {
        Node n = valueNode(key);
        return n == null ? def : number(childPath(key), n).orElse(def);
    }

    int integer(String key, int def) {
        Node n = valueNode(key);
        return n == null ? def : integer(childPath(key), n).orElse(def);
    }

    boolean bool(String key, boolean def) {
        Optional<String> t = text(key);
        if (t.isEmpty()) {
            return def;
        }
        switch (t.get().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> {
                return true;
            }
            case "false", "no", "off" -> {
                return false;
            }
            default -> {
                problems.error(childPath(key), lineOfValue(key), "must be true or false (was '" + ConfigLimits.quote(t.get()) + "')");
                return def;
            }
        }
    }

    Duration duration(String key, Duration def) {
        Node n = valueNode(key);
        return n == null ? def : duration(childPath(key), n).orElse(def);
    }

    <E extends Enum<E>> E choice(String key, Class<E> type, E def) {
        Node n = valueNode(key);
        return n == null ? def : choice(childPath(key), n, type).orElse(def);
    }

    int lineOfValue(String key) {
        Node n = valueNode(key);
        return n == null ? lineOf(key) : line(n);
    }

    // ---- scalars by node ----

    Optional<String> text(String p, Node n) {
        if (!(n instanceof ScalarNode s)) {
            problems.error(p, line(n), "must be a single value (was " + describe(n) + ")");
            return Optional.empty();
        }
        try {
            return Optional.of(env.apply(s.getValue()));
        } catch (IllegalArgumentException e) {
            problems.error(p, line(n), e.getMessage());
            return Optional.empty();
        }
    }

    Optional<Double> number(String p, Node n) {
        Optional<String> t = text(p, n);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String v = t.get().trim();
        String digits = v.endsWith("%") ? v.substring(0, v.length() - 1).trim() : v;
        try {
            double d = Double.parseDouble(digits.replace("_", ""));
            if (Double.isFinite(d) && !digits.isEmpty() && Character.isDigit(digits.charAt(digits.length() - 1))) {
                return Optional.of(d);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.error(p, line(n), "must be a number (was '" + ConfigLimits.quote(v) + "')");
        return Optional.empty();
    }

    Optional<Integer> integer(String p, Node n) {
        Optional<String> t = text(p, n);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String v = t.get().trim();
        try {
            return Optional.of(Integer.parseInt(v.replace("_", "")));
        } catch (NumberFormatException e) {
            problems.error(p, line(n), "must be a whole number (was '" + ConfigLimits.quote(v) + "')");
            return Optional.empty();
        }
    }

    Optional<Duration> duration(String p, Node n) {
        Optional<String> t = text(p, n);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Durations.parse(t.get()));
        } catch (IllegalArgumentException e) {
            problems.error(p, line(n), e.getMessage());
            return Optional.empty();
        }
    }

    <E extends Enum<E>> Optional<E> choice(String p, Node n, Class<E> type) {
        Optional<String> t = text(p, n);
        if (t.isEmpty()) {
            return Optional.empty();
        }
        String v = t.get().trim();
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(v)) {
                return Optional.of(e);
            }
        }
        List<String> ordered = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            ordered.add(display(e));
        }
        problems.error(p, line(n), "must be one of " + String.join(", ", ordered) + " (was '" + ConfigLimits.quote(v) + "')");
        return Optional.empty();
    }

    /** Upper-case for names (priorities, tiers), lower-case for switch-like choices (on, allow, ...). */
    static String display(Enum<?> e) {
        return e instanceof ai.ringrift.scheduler.model.Priority || e instanceof ai.ringrift.guard.policy.HostTier
                ? e.name() : e.name().toLowerCase(Locale.ROOT);
    }
}
