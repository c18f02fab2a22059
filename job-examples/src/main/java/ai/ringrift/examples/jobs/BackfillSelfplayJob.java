package ai.ringrift.examples.jobs;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import org.quartz.DisallowConcurrentExecution;

/**
 * Backfill self-play (LOW): the same engine as {@link SelfplayJob} with more exploration (noise 0.5
 * by default), tagged {@code backfill} in every game and file name
 * ({@code games/<config>/backfill-*.jsonl}), to fill a configuration's data when the host is idle.
 * Resizable {@code num_games} (default 50, minimum 10); needs memory 1 GB, disk 1 GB.
 */
@DisallowConcurrentExecution
@Guarded(priority = Priority.LOW, memoryGb = 1, diskGb = 1, resizable = "num_games", resizableMin = 10)
public class BackfillSelfplayJob extends AbstractSelfplayJob {

    @Override
    protected String source() {
        return "backfill";
    }

    @Override
    protected int defaultNumGames() {
        return 50;
    }

    @Override
    protected double defaultNoise() {
        return 0.5;
    }
}
