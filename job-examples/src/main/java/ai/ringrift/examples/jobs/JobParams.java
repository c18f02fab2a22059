package ai.ringrift.examples.jobs;

import java.util.Locale;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * Typed access to a run's parameters: the strings of the merged JobDataMap (job data overlaid
 * with trigger data, where the guard writes granted sizes). A malformed value is a
 * {@link JobExecutionException} naming the job, the parameter, the value and what is expected.
 */
final class JobParams {

    private final JobDataMap map;
    private final String job;

    JobParams(JobExecutionContext context, String job) {
        this.map = context.getMergedJobDataMap();
        this.job = job;
    }

    /** The trimmed value, or {@code null} when absent or blank. */
    String raw(String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    String string(String key, String dflt) {
        String v = raw(key);
        return v == null ? dflt : v;
    }

    int integer(String key, int dflt, int min, int max) throws JobExecutionException {
        String v = raw(key);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw bad(key, v, "an integer from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer from " + min + " to " + max);
        }
    }

    /** A required integer: absent is an error too. */
    int requiredInteger(String key, int min, int max) throws JobExecutionException {
        if (raw(key) == null) {
            throw new JobExecutionException(job + ": parameter '" + key + "' is missing: set it to an integer from "
                    + min + " to " + max + " in the job's parameters");
        }
        return integer(key, 0, min, max);
    }

    Long optionalLong(String key) throws JobExecutionException {
        String v = raw(key);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw bad(key, v, "an integer (64-bit)");
        }
    }

    double decimal(String key, double dflt, double min, double max) throws JobExecutionException {
        String v = raw(key);
        if (v == null) {
            return dflt;
        }
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw bad(key, v, "a number from " + min + " to " + max);
            }
            return d;
        } catch (NumberFormatException e) {
            throw bad(key, v, "a number from " + min + " to " + max);
        }
    }

    boolean bool(String key, boolean dflt) throws JobExecutionException {
        String v = raw(key);
        if (v == null) {
            return dflt;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw bad(key, v, "true or false");
        };
    }

    JobExecutionException bad(String key, String value, String expected) {
        return new JobExecutionException(job + ": parameter '" + key + "' is '" + value + "'; it must be " + expected);
    }
}
