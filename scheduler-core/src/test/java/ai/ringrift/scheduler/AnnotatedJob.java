package ai.ringrift.scheduler;

import ai.ringrift.scheduler.model.Guarded;
import ai.ringrift.scheduler.model.Priority;
import ai.ringrift.scheduler.model.Resource;

/** Test job carrying a {@code @Guarded} declaration. */
@Guarded(priority = Priority.HIGH, cpuCores = 2, memoryGb = 1.5, resizable = "num_games", resizableMin = 5,
        relieves = Resource.DISK)
public class AnnotatedJob extends CountingJob {
}
