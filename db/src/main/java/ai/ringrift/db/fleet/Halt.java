package ai.ringrift.db.fleet;

import java.time.Instant;

/**
 * One emergency halt: a row of {@code guard_halt}, or the node's halt file.
 *
 * @param scope    {@link HaltStore#FLEET} for the whole fleet, else a node id (or {@code file} for a halt file)
 * @param reason   the operator's reason
 * @param haltedBy who ({@code user@host}, or the file's path)
 * @param haltedAt since when
 */
public record Halt(String scope, String reason, String haltedBy, Instant haltedAt) {

    public boolean fleetWide() {
        return HaltStore.FLEET.equals(scope);
    }

    /** One line: "halted fleet-wide by alice@ops1 since 2026-12-01T10:00:00Z: reason". */
    public String sentence() {
        return "halted " + (fleetWide() ? "fleet-wide" : "(" + scope + ")") + " by " + haltedBy + " since "
                + haltedAt + ": " + reason;
    }
}
