package ai.ringrift.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a JUnit platform launcher on tiny skipping test classes, with the extension found the way
 * the build finds it (META-INF/services + autodetection), once with CI on and once with it off.
 * The tiny classes are static nested classes whose names do not end in Test, so surefire's
 * includes ({@code *Test}) keep them out of the build's own run (the parent pom's excludes
 * replace surefire's default {@code *$*} exclude).
 */
class SkipUnderCiFailsTest {

    static class AssumptionInMethod {
        @Test
        void needsATool() {
            Assumptions.assumeTrue(false, "tool not installed");
        }
    }

    static class AbortInBeforeAll {
        @BeforeAll
        static void probe() {
            Assumptions.abort("no server");
        }

        @Test
        void usesTheServer() {
        }
    }

    static class DisabledMethod {
        @Test
        void runs() {
        }

        @Test
        @Disabled("flaky")
        void off() {
        }
    }

    private static TestExecutionSummary run(Class<?> testClass, String ci) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(Ci.PARAMETER, ci)
                .build();
        // only this summary listens: listeners found on the class path (the build's own) stay out
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }

    private static String messages(TestExecutionSummary s) {
        return s.getFailures().stream().map(f -> String.valueOf(f.getException().getMessage()))
                .collect(Collectors.joining(" | "));
    }

    @Test
    void aFailedAssumptionFailsUnderCi() {
        TestExecutionSummary s = run(AssumptionInMethod.class, "true");
        assertThat(s.getTestsFailedCount()).isEqualTo(1);
        assertThat(s.getTestsAbortedCount()).isZero();
        assertThat(messages(s)).contains("skipped under CI").contains("tool not installed");
    }

    @Test
    void anAbortInBeforeAllFailsUnderCi() {
        TestExecutionSummary s = run(AbortInBeforeAll.class, "1");
        assertThat(s.getContainersFailedCount()).isEqualTo(1);
        assertThat(s.getContainersAbortedCount()).isZero();
        assertThat(messages(s)).contains("skipped under CI").contains("no server");
    }

    @Test
    void aDisabledMethodFailsItsClassUnderCi() {
        TestExecutionSummary s = run(DisabledMethod.class, "yes");
        assertThat(s.getTestsSkippedCount()).isEqualTo(1);
        assertThat(s.getTestsSucceededCount()).isEqualTo(1);
        assertThat(s.getContainersFailedCount()).isEqualTo(1);
        assertThat(messages(s)).contains("disabled under CI").contains("off (flaky)");
    }

    @Test
    void outsideCiASkipStaysASkip() {
        for (String off : List.of("false", "0", "")) {
            assertThat(run(AssumptionInMethod.class, off).getTestsAbortedCount()).as("CI=%s", off).isEqualTo(1);
            assertThat(run(AssumptionInMethod.class, off).getTotalFailureCount()).as("CI=%s", off).isZero();
            assertThat(run(AbortInBeforeAll.class, off).getContainersAbortedCount()).as("CI=%s", off).isEqualTo(1);
            assertThat(run(DisabledMethod.class, off).getTotalFailureCount()).as("CI=%s", off).isZero();
        }
    }

    @Test
    void theCiRule() {
        for (String yes : List.of("true", "TRUE", "1", "yes", "github-actions", " true ")) {
            assertThat(Ci.means(yes)).as("CI=%s", yes).isTrue();
        }
        for (String no : new String[] {null, "", "  ", "false", "FALSE", "0", " 0 "}) {
            assertThat(Ci.means(no)).as("CI=%s", no).isFalse();
        }
    }
}
