package ai.ringrift.scheduler.model;

import java.util.Locale;
import java.util.Optional;

/**
 * What the scheduler does with a job's fire times that it could not fire within
 * {@code misfireThreshold} of when they were due (the scheduler was down or in standby, the database
 * unreachable, every worker busy): Quartz's misfire instruction, per job, in words a user chooses
 * from. Set with {@code JobSpec.builder(...).misfire(...)} or guard.yaml's {@code misfire:}; without
 * it a job gets {@link #defaultFor(Schedule)} (cron and one-shot: {@link #FIRE_ONCE}, interval:
 * {@link #SKIP}), which is what the scheduler did before the policy could be chosen.
 *
 * <table>
 * <caption>Quartz instruction per schedule</caption>
 * <tr><th></th><th>cron</th><th>interval</th><th>one-shot</th></tr>
 * <tr><td>{@link #FIRE_ONCE}</td><td>FIRE_ONCE_NOW</td><td>RESCHEDULE_NOW_WITH_EXISTING_REPEAT_COUNT</td>
 *     <td>FIRE_NOW</td></tr>
 * <tr><td>{@link #SKIP}</td><td>DO_NOTHING</td><td>RESCHEDULE_NEXT_WITH_REMAINING_COUNT</td>
 *     <td>RESCHEDULE_NEXT_WITH_REMAINING_COUNT (it never runs)</td></tr>
 * <tr><td>{@link #FIRE_ALL}</td><td>IGNORE_MISFIRE_POLICY</td><td>IGNORE_MISFIRE_POLICY</td><td>refused</td></tr>
 * </table>
 */
public enum Misfire {

    /**
     * Runs once now for all the fire times missed, then goes back to the schedule: a cron job's next
     * fire is its next time, an interval counts from this run.
     */
    FIRE_ONCE("fireOnce"),

    /**
     * Runs nothing for the fire times missed: the next fire is the schedule's next time after now (an
     * interval keeps its rhythm); a one-shot job that missed its time does not run at all.
     */
    SKIP("skip"),

    /**
     * Runs every fire time missed, one after another as soon as workers are free, then keeps the
     * schedule (Quartz's ignore-misfire policy: such fires are not misfires to Quartz, only late).
     * After a long outage a frequent job fires many times. Not for one-shot jobs.
     */
    FIRE_ALL("fireAll");

    private final String key;

    Misfire(String key) {
        this.key = key;
    }

    /** The name in guard.yaml and in sentences: {@code fireOnce}, {@code skip}, {@code fireAll}. */
    public String key() {
        return key;
    }

    /** The keys, in order, for messages: {@code fireOnce, skip, fireAll}. */
    public static String keys() {
        StringBuilder b = new StringBuilder();
        for (Misfire m : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(m.key);
        }
        return b.toString();
    }

    /**
     * Reads a key ({@code fireOnce}), case-insensitively, or the constant's name ({@code FIRE_ONCE}).
     *
     * @throws IllegalArgumentException listing the keys
     */
    public static Misfire parse(String text) {
        if (text != null) {
            String t = text.trim().replace("_", "").replace("-", "").toLowerCase(Locale.ROOT);
            for (Misfire m : values()) {
                if (m.key.toLowerCase(Locale.ROOT).equals(t)) {
                    return m;
                }
            }
        }
        throw new IllegalArgumentException("unknown misfire policy '" + text + "': use one of " + keys());
    }

    /** The policy a job on this schedule gets when none is given: what the scheduler has always done. */
    public static Misfire defaultFor(Schedule schedule) {
        return schedule instanceof Schedule.Interval ? SKIP : FIRE_ONCE;
    }

    /**
     * Why this policy cannot go with a schedule, or empty when it can: the rule of the field, for the
     * Java API and guard.yaml alike.
     *
     * @param oneShot whether the schedule is a single run ({@code once})
     */
    public Optional<String> refusal(boolean oneShot) {
        if (this == FIRE_ALL && oneShot) {
            return Optional.of(key + " runs every missed fire of a repeating schedule; a one-shot job has one fire:"
                    + " use " + FIRE_ONCE.key + " (run it late) or " + SKIP.key + " (drop it)");
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return key;
    }
}
