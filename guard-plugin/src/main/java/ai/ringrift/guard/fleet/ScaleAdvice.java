package ai.ringrift.guard.fleet;

/**
 * One piece of scale advice: on {@code node}, run {@code delta} more fires of {@code job} at once
 * (negative: fewer; 0: hold), and why. Advice only: nothing acts on it.
 *
 * @param node     node id
 * @param job      job name
 * @param running  fires of the job running on the node now
 * @param delta    workers to add (&gt; 0), shed (&lt; 0) or 0 to hold
 * @param sentence e.g. "add 2 selfplay workers: gpu 42% below the MID_TIER target 60%"
 */
public record ScaleAdvice(String node, String job, int running, int delta, String sentence) {
}
