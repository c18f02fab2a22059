package ai.ringrift.spring;

import ai.ringrift.guard.config.ConfigLoader;
import ai.ringrift.guard.config.GuardConfig;
import ai.ringrift.guard.config.LoadResult;
import ai.ringrift.guard.config.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.OriginTrackedValue;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The guard's settings from Spring's {@link ConfigurableEnvironment}: the keys of guard.yaml
 * written under {@code ringrift.*} ({@code ringrift.levels.dwell}, {@code ringrift.jobs[0].name},
 * ...), or the guard.yaml named by {@code ringrift.boot.config-file}; never both. Either way they go
 * through the guard's one config loader (same keys, defaults, rules and messages as the daemon), and
 * a problem is reported with its Spring key and the file and line Spring read it from.
 *
 * <p>Where a key is set in several property sources the one Spring would use wins (the first in
 * the environment's order). Values from {@code .properties} files, system properties and the
 * command line are strings; they are read as YAML scalars ({@code 5} a number, {@code true} a
 * boolean), as a guard.yaml would read them.
 */
public final class EnvironmentGuardConfig {

    private static final Logger LOG = LoggerFactory.getLogger(EnvironmentGuardConfig.class);
    static final String PREFIX = "ringrift.";
    static final String BOOT_PREFIX = "ringrift.boot.";
    private static final Pattern TOKEN = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private EnvironmentGuardConfig() {
    }

    /** One {@code ringrift.*} key: its value and where it was written. */
    record Setting(String key, Object value, String where, boolean typed) {
    }

    /** Loads, validates and returns the settings, or throws {@link GuardSettingsException} naming every problem. */
    public static GuardConfig load(ConfigurableEnvironment env, RingriftBootProperties props) {
        Map<String, Setting> settings = collect(env);
        if (props.getConfigFile() != null) {
            if (!settings.isEmpty()) {
                Setting first = settings.values().iterator().next();
                throw new GuardSettingsException(List.of(first.where() + ": " + first.key()
                        + ": guard settings under ringrift.* and ringrift.boot.config-file = "
                        + props.getConfigFile() + " are both set; keep one of them"));
            }
            return fromFile(Path.of(props.getConfigFile()));
        }
        if (settings.isEmpty()) {
            return GuardConfig.defaults();
        }
        LoadResult result = ConfigLoader.loadString(toYaml(settings), "application properties (ringrift.*)");
        List<String> errors = new ArrayList<>();
        for (Problem p : result.problems()) {
            String line = locate(settings, p.path()) + ": ringrift." + p.path() + ": " + p.message();
            if (p.isError()) {
                errors.add(line);
            } else {
                LOG.warn("guard: {}", line);
            }
        }
        result.omitted().ifPresent(errors::add);
        if (!errors.isEmpty() || !result.ok()) {
            throw new GuardSettingsException(errors);
        }
        return result.config();
    }

    private static GuardConfig fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GuardSettingsException(List.of("ringrift.boot.config-file: " + file.toAbsolutePath()
                    + " does not exist or is not a file"));
        }
        LoadResult result = ConfigLoader.load(file);
        result.warnings().forEach(w -> LOG.warn("guard: {}", w));
        if (!result.ok()) {
            List<String> errors = new ArrayList<>(result.errors().stream().map(Problem::toString).toList());
            result.omitted().ifPresent(errors::add);
            throw new GuardSettingsException(errors);
        }
        return result.config();
    }

    /** Every {@code ringrift.*} key but the starter's own {@code ringrift.boot.*}, the winning value of each. */
    static Map<String, Setting> collect(ConfigurableEnvironment env) {
        Map<String, Setting> out = new LinkedHashMap<>();
        for (PropertySource<?> source : env.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> e)) {
                continue;
            }
            for (String name : e.getPropertyNames()) {
                if (!name.startsWith(PREFIX) || name.startsWith(BOOT_PREFIX) || out.containsKey(name)) {
                    continue;
                }
                Object raw = e.getProperty(name);
                Object value = raw instanceof OriginTrackedValue t ? t.getValue() : raw;
                Origin origin = OriginLookup.getOrigin(e, name);
                boolean typed = !(value instanceof String) || isYaml(origin);
                if (value instanceof String s && s.contains("${")) {
                    value = env.resolvePlaceholders(s);
                }
                out.put(name, new Setting(name, value, where(origin, source), typed));
            }
        }
        return out;
    }

    private static boolean isYaml(Origin origin) {
        if (origin instanceof TextResourceOrigin t && t.getResource() != null) {
            String file = String.valueOf(t.getResource().getFilename());
            return file.endsWith(".yaml") || file.endsWith(".yml");
        }
        return false;
    }

    private static String where(Origin origin, PropertySource<?> source) {
        if (origin instanceof TextResourceOrigin t && t.getResource() != null && t.getLocation() != null) {
            return t.getResource().getFilename() + ":" + (t.getLocation().getLine() + 1);
        }
        return origin != null ? origin.toString() : source.getName();
    }

    /** Where the key of a problem's path was written: the key itself, else the first key under it, else its parent's. */
    static String locate(Map<String, Setting> settings, String path) {
        String p = path;
        while (true) {
            String key = p.isEmpty() ? "ringrift" : PREFIX + p;
            Setting exact = settings.get(key);
            if (exact != null) {
                return exact.where();
            }
            for (Setting s : settings.values()) {
                if (s.key().startsWith(key + ".") || s.key().startsWith(key + "[")) {
                    return s.where();
                }
            }
            if (p.isEmpty()) {
                return "application properties";
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
    }

    /** The settings as the guard.yaml document they stand for. */
    static String toYaml(Map<String, Setting> settings) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Setting s : settings.values()) {
            put(root, s.key().substring(PREFIX.length()), scalar(s));
        }
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(lists(root));
    }

    private static Object scalar(Setting s) {
        if (s.value() instanceof String str) {
            if (str.isEmpty()) {
                return null; // Spring writes an empty list or map as ""
            }
            if (!s.typed()) {
                return new Yaml().load(str);
            }
        }
        return s.value();
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> root, String path, Object value) {
        Matcher m = TOKEN.matcher(path);
        List<Object> tokens = new ArrayList<>();
        while (m.find()) {
            tokens.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
        }
        Object node = root;
        for (int i = 0; i < tokens.size(); i++) {
            Object token = tokens.get(i);
            boolean last = i == tokens.size() - 1;
            Object next = last ? value : (tokens.get(i + 1) instanceof Integer ? new TreeMap<Integer, Object>()
                    : new LinkedHashMap<String, Object>());
            if (node instanceof TreeMap<?, ?> list && token instanceof Integer index) {
                node = last ? ((TreeMap<Integer, Object>) list).put(index, next)
                        : ((TreeMap<Integer, Object>) list).computeIfAbsent(index, k -> next);
            } else if (node instanceof LinkedHashMap<?, ?> map && token instanceof String name) {
                node = last ? ((Map<String, Object>) map).put(name, next)
                        : ((Map<String, Object>) map).computeIfAbsent(name, k -> next);
            } else {
                return; // a key that is both a value and a section: the first one read wins
            }
        }
    }

    /** Index maps to lists, in index order. */
    private static Object lists(Object node) {
        if (node instanceof TreeMap<?, ?> indexed) {
            List<Object> list = new ArrayList<>();
            indexed.values().forEach(v -> list.add(lists(v)));
            return list;
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, lists(v)));
            return out;
        }
        return node;
    }
}
