package ai.ringrift.testsupport;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

/**
 * Under CI ({@link Ci}) a test that skips fails instead: an aborted test or lifecycle method
 * (a failed assumption, {@code Assumptions.abort}) is rethrown as an {@link AssertionError}
 * naming the reason, and a class whose test methods were disabled fails in its after-all step.
 * Outside CI nothing changes: the skip stays a skip.
 *
 * <p>Registered for every test of every module through {@code META-INF/services} and
 * {@code junit.jupiter.extensions.autodetection.enabled=true} (set in the parent pom's surefire
 * configuration).
 */
public final class SkipUnderCiFails implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        TestWatcher, AfterAllCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SkipUnderCiFails.class);

    static boolean underCi(ExtensionContext context) {
        return Ci.active(context.getConfigurationParameter(Ci.PARAMETER));
    }

    private static Throwable checked(ExtensionContext context, Throwable t) {
        if (t instanceof TestAbortedException && underCi(context)) {
            AssertionError failure = new AssertionError("skipped under CI (" + context.getDisplayName() + "): "
                    + t.getMessage() + ". Under CI nothing may skip: install what the test needs "
                    + "(.ci/run runs scripts/ensure-*.sh) or fix the test.");
            failure.initCause(t);
            return failure;
        }
        return t;
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw checked(context, t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw checked(context, t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw checked(context, t);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw checked(context, t);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw checked(context, t);
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        if (underCi(context)) {
            String name = context.getTestMethod().map(Method::getName).orElse(context.getDisplayName());
            context.getParent().ifPresent(parent -> disabled(parent).add(name + reason.map(r -> " (" + r + ")").orElse("")));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        List<String> off = disabled(context);
        if (!off.isEmpty()) {
            throw new AssertionError("disabled under CI in " + context.getDisplayName() + ": " + String.join(", ", off)
                    + ". Under CI nothing may skip: enable or delete these tests.");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> disabled(ExtensionContext context) {
        return context.getStore(NS).getOrComputeIfAbsent("disabled", k -> new CopyOnWriteArrayList<String>(), List.class);
    }
}
