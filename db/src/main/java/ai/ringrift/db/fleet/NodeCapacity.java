package ai.ringrift.db.fleet;

/**
 * What a node has: cores, memory, GPU memory and disk in total (null when not measured), and its
 * Quartz worker threads.
 */
public record NodeCapacity(Double cpuCores, Double memoryTotalGb, Double gpuMemoryTotalGb, Double diskTotalGb,
                           int workerThreads) {
}
