package ai.ringrift.db.cap;

import java.util.Objects;

/**
 * The limits of one cap as the store enforces them.
 *
 * @param cap       the cap's name (its lock row)
 * @param perNode   fires of the cap running at once on one node
 * @param total     fires of the cap running at once in the fleet
 * @param perMinute fleet-wide starts per minute, 0 for no rate
 * @param burst     fleet-wide starts allowed at once when {@code perMinute} is set
 */
public record CapLimits(String cap, int perNode, int total, double perMinute, int burst) {

    public CapLimits {
        Objects.requireNonNull(cap, "cap");
        if (perNode < 1 || total < 1 || perMinute < 0 || burst < 1) {
            throw new IllegalArgumentException("cap " + cap + ": perNode, total and burst must be at least 1 and "
                    + "perMinute 0 or more");
        }
    }
}
