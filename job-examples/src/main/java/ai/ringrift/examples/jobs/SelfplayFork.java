package ai.ringrift.examples.jobs;

import ai.ringrift.examples.game.GameFiles;
import ai.ringrift.examples.game.GameRecord;
import ai.ringrift.guard.api.ChildOutOfMemoryException;
import ai.ringrift.guard.api.OomScore;
import ai.ringrift.scheduler.model.Priority;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.quartz.JobExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-play's optional fork path ({@code fork=true}): the games are played by a child JVM
 * ({@link SelfplayWorker}) whose {@code oom_score_adj} is set from the job's priority with the library
 * API's {@link OomScore} (BACKGROUND 1000 ... HIGH 200, CRITICAL keeps the daemon's), so that under
 * memory pressure the kernel kills the batch worker, not the scheduler. The child starts only after its
 * value is set (it waits for {@code go} on stdin). A child killed with SIGKILL (exit 137, the OOM
 * killer) fails the fire with {@link ChildOutOfMemoryException}: the outcome row says out of memory and
 * the failure counts for the job's breaker. An interrupted job stops the child and keeps no games (the
 * worker writes its file only at the end).
 */
final class SelfplayFork {

    private static final Logger LOG = LoggerFactory.getLogger(SelfplayFork.class);

    /** What the child played and how it was protected. */
    record Played(List<GameRecord> games, long pid, String oomScoreAdj) {
    }

    private SelfplayFork() {
    }

    static Played play(String job, Priority priority, String config, String source, long seed, int numGames,
                       String playerSpec, double noise, Path workDir, BooleanSupplier interrupted)
            throws JobExecutionException {
        Path out;
        try {
            out = Files.createTempFile(DataDir.ensure(workDir), ".selfplay-worker-", GameFiles.EXTENSION);
        } catch (IOException e) {
            throw new JobExecutionException(job + ": cannot create the worker's output file in " + workDir + ": " + e, e);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SelfplayWorker.class.getName(), config, source, Long.toString(seed), Integer.toString(numGames),
                playerSpec, Double.toString(noise), out.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = null;
        try {
            OomScore.Started started = OomScore.start(pb, priority);
            child = started.process();
            if (!started.oom().applied()) {
                LOG.warn("{}: worker pid {} keeps its inherited oom_score_adj: {}", job, child.pid(),
                        started.oom().message());
            }
            try (OutputStream stdin = child.getOutputStream()) {
                stdin.write("go\n".getBytes(StandardCharsets.UTF_8));
            }
            while (!child.waitFor(100, TimeUnit.MILLISECONDS)) {
                if (interrupted.getAsBoolean()) {
                    child.destroyForcibly(); // its games are not written yet: the job reports 0 kept
                    return new Played(List.of(), child.pid(), "?");
                }
            }
            String stdout = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            OomScore.awaitSuccess(child, job + " worker");
            List<GameRecord> games = new ArrayList<>(GameFiles.read(out));
            return new Played(games, child.pid(), value(stdout, "oom_score_adj="));
        } catch (ChildOutOfMemoryException e) {
            throw new JobExecutionException(e.getMessage(), e);
        } catch (IOException | IllegalStateException e) {
            throw new JobExecutionException(job + ": worker failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobExecutionException(job + ": interrupted while the worker ran", e);
        } finally {
            if (child != null && child.isAlive()) {
                child.destroyForcibly();
            }
            try {
                Files.deleteIfExists(out);
            } catch (IOException e) {
                LOG.warn("could not delete {}: {}", out, e.toString());
            }
        }
    }

    private static String value(String stdout, String prefix) {
        return stdout.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElse("?");
    }
}
