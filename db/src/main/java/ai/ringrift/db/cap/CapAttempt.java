package ai.ringrift.db.cap;

/**
 * What {@link CapLeaseStore#tryAcquire} did.
 *
 * @param leaseId      the slot taken, or null when refused
 * @param refusal      which limit refused, or null when granted
 * @param fleetRunning live leases of the cap in the fleet (this one included when granted)
 * @param nodeRunning  live leases of the cap on this node (this one included when granted)
 * @param waitMillis   RATE only: when the next start token comes
 * @param reclaimed    lapsed leases (of dead nodes) removed on the way
 */
public record CapAttempt(String leaseId, Refusal refusal, int fleetRunning, int nodeRunning, long waitMillis,
                         int reclaimed) {

    /** Which limit refused the slot. */
    public enum Refusal { NODE, FLEET, RATE }

    static CapAttempt granted(String leaseId, int fleet, int node, int reclaimed) {
        return new CapAttempt(leaseId, null, fleet, node, 0, reclaimed);
    }

    static CapAttempt refused(Refusal why, int fleet, int node, long wait, int reclaimed) {
        return new CapAttempt(null, why, fleet, node, wait, reclaimed);
    }

    public boolean granted() {
        return leaseId != null;
    }
}
