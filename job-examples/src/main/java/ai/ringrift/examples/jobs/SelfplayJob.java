package ai.ringrift.examples.jobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.JobDeclaration;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.ResourceNeeds;
import org.quartz.DisallowConcurrentExecution;

/**
 * Self-play (NORMAL): plays {@code num_games} Hex games with the greedy-with-noise engine (or the
 * promoted model) and writes them to {@code games/<config>/selfplay-*.jsonl}. The guard may shrink
 * {@code num_games} (down to 10) under load; the job writes exactly the granted number.
 *
 * <p>Needs memory 2 GB and disk 1 GB. On a GPU host self-play also holds 4 GB of GPU memory;
 * an annotation cannot say "when present", so the annotation declares no GPU and
 * {@link #declarationFor(boolean)} (used by the default guard.yaml, which adds
 * {@code gpuMemoryGb: 4} where a GPU is present) gives the GPU-host declaration.
 * Parameters: see {@link AbstractSelfplayJob}; {@code num_games} defaults to 100, {@code noise} to 0.25.
 *
 * <p>Recoverable ({@code recover = true}): a run cut short by its node's death is run again once, by
 * whichever node notices; it writes a new games file, so starting over loses nothing but time.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.NORMAL, memoryGb = 2, diskGb = 1, resizable = "num_games", resizableMin = 10,
        recover = true)
public class SelfplayJob extends AbstractSelfplayJob {

    /** GPU memory self-play holds on a host with a GPU. */
    public static final double GPU_MEMORY_GB = 4;

    /** The declaration for a host with or without a GPU. */
    public static JobDeclaration declarationFor(boolean hasGpu) {
        JobDeclaration base = JobDeclaration.forClass(SelfplayJob.class);
        if (!hasGpu) {
            return base;
        }
        ResourceNeeds n = base.needs();
        return new JobDeclaration(base.priority(),
                new ResourceNeeds(n.cpuCores(), n.memoryGb(), GPU_MEMORY_GB, n.diskGb()),
                base.resizableParam(), base.resizableMin(), base.relieves());
    }

    @Override
    protected String source() {
        return "selfplay";
    }

    @Override
    protected int defaultNumGames() {
        return 100;
    }

    @Override
    protected double defaultNoise() {
        return 0.25;
    }
}
