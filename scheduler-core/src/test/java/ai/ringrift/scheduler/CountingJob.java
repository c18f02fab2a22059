package ai.ringrift.scheduler;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Test job: records every run (job name -> the merged data of each run) in a static map. */
public class CountingJob implements Job {

    static final Map<String, List<Map<String, String>>> RUNS = new ConcurrentHashMap<>();

    @Override
    public void execute(JobExecutionContext context) {
        Map<String, String> data = new TreeMap<>();
        context.getMergedJobDataMap().forEach((k, v) -> data.put(k, String.valueOf(v)));
        RUNS.computeIfAbsent(context.getJobDetail().getKey().getName(), k -> new CopyOnWriteArrayList<>()).add(data);
    }

    static int runs(String job) {
        return RUNS.getOrDefault(job, List.of()).size();
    }

    static List<Map<String, String>> runsOf(String job) {
        return RUNS.getOrDefault(job, List.of());
    }
}
