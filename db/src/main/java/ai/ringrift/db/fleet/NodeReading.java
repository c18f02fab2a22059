package ai.ringrift.db.fleet;

/**
 * One resource's latest reading as a node reported it in its heartbeat.
 *
 * @param usedPercent used %, 0 to 100
 * @param source      where it was measured ({@code host}, {@code cgroup}, {@code nvml}, ...)
 * @param ageMs       how old the reading was when the heartbeat was written
 */
public record NodeReading(double usedPercent, String source, long ageMs) {
}
