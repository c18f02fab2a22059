package ai.ringrift.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The class names the pages mention still exist: every {@code ai.ringrift...} class or package, every type name
 * that opens a code span ({@code `GuardedScheduler.create(...)`}) and every type in a {@code ```java} example
 * is declared in the repository's sources, is an alert of the rules file, or is one of the few outside types
 * listed here (the embedded guard-reference.yaml aside). A class renamed or deleted without its page fails here, naming page and name.
 */
class DocsNamesTest {

    /** Types of the JDK, Quartz, JobRunr and Micrometer the pages name, and words that look like types. */
    static final Set<String> OUTSIDE = Set.of(
            // systemd-oomd settings (docs/configuration.md), JDK types in examples
            "DefaultMemoryPressureLimit", "ManagedOOMMemoryPressureLimit", "DefaultMemoryPressureDurationSec",
            "OutOfMemoryError", "ProcessBuilder",
            "Callable", "Duration", "FileStore", "HttpServer", "Instant", "Map", "Path", "String", "System",
            "Job", "InterruptableJob", "JobExecutionContext", "JobStoreTX", "Scheduler", "SchedulerContext", "SchedulerPlugin",
            "SimpleSemaphore", "MVStoreTool", // Quartz's in-memory lock handler, H2's store tool (docs/benchmarks.md)
            "JobClientFilter", "JobServerFilter", "RetryFilter",
            "MeterBinder", "MeterRegistry", "SimpleMeterRegistry", "PrometheusMeterRegistry", "Supplier",
            "DataSource", "SpringBootTest", // JDBC; Spring Boot's test annotation (docs/spring-boot.md)
            "MemAvailable"); // a field of /proc/meminfo

    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");
    private static final Pattern QUALIFIED = Pattern.compile("\\bai\\.ringrift(?:\\.[a-z]\\w*)+(?:\\.[A-Z]\\w*)?");
    private static final Pattern CODE_SPAN = Pattern.compile("`@?([A-Z][a-z]\\w*)(?=[`.(<\\[])");
    private static final Pattern JAVA_FENCE = Pattern.compile("(?ms)^```java\\n(.*?)^```");
    private static final Pattern OTHER_FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    private static final Pattern TYPE_WORD = Pattern.compile("\\b[A-Z][a-z]\\w*\\b");
    private static final Pattern COMMENT_OR_STRING = Pattern.compile("//[^\\n]*|\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s*-\\s*alert:\\s*(\\w+)");

    @Test
    void everyNamedClassExists() throws IOException {
        List<Path> sources = javaSources();
        Set<String> known = new HashSet<>(OUTSIDE);
        for (Path source : sources) {
            Matcher m = DECLARATION.matcher(DocFiles.read(source));
            while (m.find()) {
                known.add(m.group(1));
            }
        }
        Matcher alerts = ALERT.matcher(DocFiles.read(DocFiles.root().resolve(
                "monitoring/prometheus/rules/utilization_alerts.yml")));
        while (alerts.find()) {
            known.add(alerts.group(1));
        }
        assertThat(known).as("types declared in the sources").contains("GuardedScheduler", "Main");

        List<String> unknown = new ArrayList<>();
        for (Path page : DocFiles.pages()) {
            String text = withoutReferenceBlock(DocFiles.read(page));
            String where = DocFiles.relative(page) + ": ";
            Matcher q = QUALIFIED.matcher(text);
            while (q.find()) {
                if (!qualifiedExists(q.group(), sources)) {
                    unknown.add(where + q.group());
                }
            }
            Matcher span = CODE_SPAN.matcher(OTHER_FENCE.matcher(JAVA_FENCE.matcher(text).replaceAll("")).replaceAll(""));
            while (span.find()) {
                if (!known.contains(span.group(1))) {
                    unknown.add(where + span.group(1));
                }
            }
            Matcher fence = JAVA_FENCE.matcher(text);
            while (fence.find()) {
                String code = COMMENT_OR_STRING.matcher(fence.group(1)).replaceAll("");
                Set<String> local = new HashSet<>();
                Matcher d = DECLARATION.matcher(code);
                while (d.find()) {
                    local.add(d.group(1));
                }
                Matcher w = TYPE_WORD.matcher(code);
                while (w.find()) {
                    if (!known.contains(w.group()) && !local.contains(w.group())) {
                        unknown.add(where + w.group() + " (java example)");
                    }
                }
            }
        }
        assertThat(unknown.stream().distinct().toList())
                .as("names in the docs that no source declares (renamed or deleted? fix the page, or list an"
                        + " outside type in DocsNamesTest.OUTSIDE)")
                .isEmpty();
    }

    @Test
    void scannerFindsSpansAndExampleTypes() {
        assertThat(CODE_SPAN.matcher("`GuardedScheduler.create(x)` `@Guarded` `CPU_ONLY` `Authorization: Bearer`")
                .results().map(r -> r.group(1)).toList()).containsExactly("GuardedScheduler", "Guarded");
        assertThat(COMMENT_OR_STRING.matcher("Foo x = bar(\"Disk at 70%\"); // Baz").replaceAll(""))
                .isEqualTo("Foo x = bar(); ");
    }

    /** The embedded guard-reference.yaml is guard-plugin's text (its own test keeps it equal), not the page's. */
    private static String withoutReferenceBlock(String text) {
        int begin = text.indexOf(DocsConfigurationTest.BEGIN);
        int end = text.indexOf(DocsConfigurationTest.END);
        return begin < 0 || end < begin ? text : text.substring(0, begin) + text.substring(end);
    }

    /** A class {@code ai.ringrift.a.B} is a file {@code .../java/ai/ringrift/a/B.java}; a package a folder of one. */
    private static boolean qualifiedExists(String name, List<Path> sources) {
        String path = name.replace('.', '/');
        boolean isClass = Character.isUpperCase(name.charAt(name.lastIndexOf('.') + 1));
        return sources.stream().map(p -> p.toString().replace('\\', '/')).anyMatch(p -> isClass
                ? p.endsWith("/java/" + path + ".java")
                : p.contains("/java/" + path + "/"));
    }

    /** Every .java file under a module's src/ (main and test), outside build output. */
    private static List<Path> javaSources() {
        try (Stream<Path> s = Files.walk(DocFiles.root())) {
            return s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String r = DocFiles.relative(p);
                        return r.contains("/src/") && !r.contains("/target/") && !r.startsWith(".");
                    })
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
