package ai.ringrift.guard.api;

import ai.ringrift.guard.policy.Limits;
import ai.ringrift.guard.sample.Sampler;
import ai.ringrift.guard.sample.SamplingSettings;
import ai.ringrift.guard.sample.SnapshotProvider;
import ai.ringrift.scheduler.model.ResourceNeeds;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The seed's {@code resource_guard} module for code running inside jobs: a thin static shell over
 * one {@link ResourceChecker}.
 * <pre>{@code
 * if (!ResourceGuard.checkMemory(8)) { ... }
 * ResourceGuard.requireResources(ResourceNeeds.of(2, 8, 0, 20));   // throws naming what is short
 * try (var guard = ResourceGuard.acquire(needs)) { if (guard.ok()) { ... } }
 * }</pre>
 * The daemon calls {@link #install} with its own sampler and configured limits. Without that, the
 * first call starts a default {@link Sampler} (1 s, ./data and the working directory, GPU auto)
 * with {@link #LIMITS}.
 */
public final class ResourceGuard {

    /** The default limits (CPU 80/70, memory 80/70, GPU 80/70, disk 70/65 max/warn %). The installed ones: {@link #limits()}. */
    public static final Limits LIMITS = Limits.DEFAULTS;

    private static volatile ResourceChecker checker;
    private static Sampler ownSampler;

    private ResourceGuard() {
    }

    /** Uses {@code provider} and {@code limits} from now on (closing a self-started sampler). */
    public static synchronized void install(SnapshotProvider provider, Limits limits, ApiSettings settings) {
        closeOwnSampler();
        checker = new ResourceChecker(provider, limits, settings, Clock.systemUTC());
    }

    /** Installs a ready checker (tests, custom clocks). */
    public static synchronized void install(ResourceChecker ready) {
        closeOwnSampler();
        checker = ready;
    }

    /** Forgets the installed checker; the next call self-installs a default sampler again. */
    public static synchronized void uninstall() {
        closeOwnSampler();
        checker = null;
    }

    private static void closeOwnSampler() {
        if (ownSampler != null) {
            ownSampler.close();
            ownSampler = null;
        }
    }

    /** The installed checker, starting a default sampler on first use. */
    public static ResourceChecker checker() {
        ResourceChecker c = checker;
        if (c != null) {
            return c;
        }
        synchronized (ResourceGuard.class) {
            if (checker == null) {
                Sampler s = Sampler.withDefaultSources(SamplingSettings.defaults()).start();
                ownSampler = s;
                checker = new ResourceChecker(s, LIMITS, ApiSettings.DEFAULTS, Clock.systemUTC());
            }
            return checker;
        }
    }

    public static Limits limits() {
        return checker().limits();
    }

    public static boolean checkDiskSpace(double requiredGb) {
        return checker().checkDiskSpace(requiredGb);
    }

    public static boolean checkDiskSpace(double requiredGb, Path path) {
        return checker().checkDiskSpace(requiredGb, path);
    }

    public static boolean checkDiskForWrite(Path path, long estimatedBytes) {
        return checker().checkDiskForWrite(path, estimatedBytes);
    }

    public static boolean checkMemory(double requiredGb) {
        return checker().checkMemory(requiredGb);
    }

    public static boolean checkCpu() {
        return checker().checkCpu();
    }

    public static boolean checkGpuMemory(double requiredGb) {
        return checker().checkGpuMemory(requiredGb);
    }

    public static boolean canProceed(ResourceNeeds needs) {
        return checker().canProceed(needs);
    }

    public static boolean canProceed(double diskGb, double memoryGb, double gpuGb) {
        return checker().canProceed(diskGb, memoryGb, gpuGb);
    }

    /** {@code canProceed} with the seed's per-resource switches. */
    public static boolean canProceed(ResourceNeeds needs, CheckSwitches switches) {
        return checker().canProceed(needs, switches);
    }

    /** The seed's {@code can_proceed(check_disk, check_mem, check_cpu, check_gpu, disk_required_gb, mem_required_gb, gpu_required_gb)}. */
    public static boolean canProceed(boolean checkDisk, boolean checkMemory, boolean checkCpu, boolean checkGpu,
                                     double diskGb, double memoryGb, double gpuGb) {
        return checker().canProceed(ResourceNeeds.of(0, memoryGb, gpuGb, diskGb),
                new CheckSwitches(checkDisk, checkMemory, checkCpu, checkGpu));
    }

    public static PressureLevel memoryPressureLevel() {
        return checker().memoryPressureLevel();
    }

    public static PressureLevel diskPressureLevel() {
        return checker().diskPressureLevel();
    }

    public static CleanupReport checkAndCleanup(DiskCleanup cleanup, boolean dryRun) throws java.io.IOException {
        return checker().checkAndCleanup(cleanup, dryRun);
    }

    public static boolean waitForResources(Duration timeout, ResourceNeeds needs) throws InterruptedException {
        return checker().waitForResources(timeout, needs);
    }

    public static void requireResources(ResourceNeeds needs) {
        checker().requireResources(needs);
    }

    public static ResourceStatus getResourceStatus() {
        return checker().getResourceStatus();
    }

    public static void printResourceStatus(PrintStream out) {
        checker().printResourceStatus(out);
    }

    public static ResourceLease acquire(ResourceNeeds needs) {
        return checker().acquire(needs);
    }

    public static List<String> recommendedActions() {
        return checker().recommendedActions();
    }
}
