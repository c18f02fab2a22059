package ai.ringrift.scheduler.model;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the guard needs to know about a job: its priority, resource needs, the optional resizable
 * parameter (and the minimum it may be shrunk to) and the resources it relieves.
 *
 * <p>Stored as strings in the Quartz JobDataMap under {@code ringrift.*} keys (the job store runs
 * with {@code useProperties=true}), see {@link #writeTo(Map)} and {@link #readFrom(Map)}.
 *
 * @param priority        the job's priority
 * @param needs           resources one run needs
 * @param resizableParam  parameter name the guard may shrink, or {@code null}
 * @param resizableMin    the smallest value the parameter may be shrunk to (>= 1)
 * @param relieves        resources that running this job frees (e.g. DISK for cleanup)
 */
public record JobDeclaration(Priority priority, ResourceNeeds needs, String resizableParam, int resizableMin,
                             Set<Resource> relieves) {

    public static final int DEFAULT_RESIZABLE_MIN = 10;

    public static final String KEY_PREFIX = "ringrift.";
    public static final String KEY_PRIORITY = "ringrift.priority";
    public static final String KEY_CPU = "ringrift.needs.cpuCores";
    public static final String KEY_MEMORY = "ringrift.needs.memoryGb";
    public static final String KEY_GPU = "ringrift.needs.gpuMemoryGb";
    public static final String KEY_DISK = "ringrift.needs.diskGb";
    public static final String KEY_RESIZABLE = "ringrift.resizable.param";
    public static final String KEY_RESIZABLE_MIN = "ringrift.resizable.min";
    public static final String KEY_RELIEVES = "ringrift.relieves";

    public static final JobDeclaration DEFAULT =
            new JobDeclaration(Priority.NORMAL, ResourceNeeds.NONE, null, DEFAULT_RESIZABLE_MIN, Set.of());

    public JobDeclaration {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(needs, "needs");
        if (resizableParam != null && resizableParam.isBlank()) {
            resizableParam = null;
        }
        if (resizableMin < 1) {
            throw new IllegalArgumentException("resizable minimum must be >= 1, was " + resizableMin);
        }
        relieves = relieves == null || relieves.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(relieves));
    }

    public static JobDeclaration of(Priority priority, ResourceNeeds needs) {
        return new JobDeclaration(priority, needs, null, DEFAULT_RESIZABLE_MIN, Set.of());
    }

    public JobDeclaration withResizable(String param, int min) {
        return new JobDeclaration(priority, needs, param, min, relieves);
    }

    public JobDeclaration withRelieves(Set<Resource> resources) {
        return new JobDeclaration(priority, needs, resizableParam, resizableMin, resources);
    }

    public Optional<String> resizable() {
        return Optional.ofNullable(resizableParam);
    }

    /** From the annotation on a class or method. */
    public static JobDeclaration fromAnnotation(Guarded g) {
        return new JobDeclaration(g.priority(),
                new ResourceNeeds(g.cpuCores(), g.memoryGb(), g.gpuMemoryGb(), g.diskGb()),
                g.resizable(), g.resizableMin(), Set.of(g.relieves()));
    }

    /** From {@code @Guarded} on the class, or {@link #DEFAULT} when absent. */
    public static JobDeclaration forClass(Class<?> type) {
        Guarded g = type.getAnnotation(Guarded.class);
        return g == null ? DEFAULT : fromAnnotation(g);
    }

    /** Writes the declaration as strings into a (JobDataMap-compatible) map. */
    public void writeTo(Map<String, Object> map) {
        map.put(KEY_PRIORITY, priority.name());
        map.put(KEY_CPU, Double.toString(needs.cpuCores()));
        map.put(KEY_MEMORY, Double.toString(needs.memoryGb()));
        map.put(KEY_GPU, Double.toString(needs.gpuMemoryGb()));
        map.put(KEY_DISK, Double.toString(needs.diskGb()));
        if (resizableParam != null) {
            map.put(KEY_RESIZABLE, resizableParam);
        } else {
            map.remove(KEY_RESIZABLE);
        }
        map.put(KEY_RESIZABLE_MIN, Integer.toString(resizableMin));
        map.put(KEY_RELIEVES, relieves.stream().map(Resource::key).sorted().collect(Collectors.joining(",")));
    }

    public Map<String, String> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        writeTo(m);
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /** True when the map holds a declaration written by {@link #writeTo(Map)}. */
    public static boolean isPresentIn(Map<String, ?> map) {
        return map.containsKey(KEY_PRIORITY);
    }

    /**
     * Reads a declaration written by {@link #writeTo(Map)}; missing keys take their defaults.
     *
     * @throws IllegalArgumentException naming the key when a value is malformed
     */
    public static JobDeclaration readFrom(Map<String, ?> map) {
        Priority priority = map.containsKey(KEY_PRIORITY)
                ? Priority.parse(String.valueOf(map.get(KEY_PRIORITY))) : Priority.NORMAL;
        ResourceNeeds needs = new ResourceNeeds(num(map, KEY_CPU), num(map, KEY_MEMORY), num(map, KEY_GPU),
                num(map, KEY_DISK));
        Object param = map.get(KEY_RESIZABLE);
        int min = map.containsKey(KEY_RESIZABLE_MIN)
                ? (int) num(map, KEY_RESIZABLE_MIN) : DEFAULT_RESIZABLE_MIN;
        Set<Resource> relieves = EnumSet.noneOf(Resource.class);
        Object rel = map.get(KEY_RELIEVES);
        if (rel != null) {
            for (String part : String.valueOf(rel).split(",")) {
                if (!part.isBlank()) {
                    relieves.add(Resource.parse(part));
                }
            }
        }
        return new JobDeclaration(priority, needs, param == null ? null : String.valueOf(param), min, relieves);
    }

    private static double num(Map<String, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return 0;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, was '" + v + "'");
        }
    }

    @Override
    public String toString() {
        return priority.name().toLowerCase(Locale.ROOT) + " " + needs
                + (resizableParam == null ? "" : " resizable " + resizableParam + ">=" + resizableMin)
                + (relieves.isEmpty() ? "" : " relieves " + relieves);
    }
}
