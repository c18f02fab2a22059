package ai.ringrift.scheduler;

import ai.ringrift.scheduler.model.JobSpec;
import ai.ringrift.scheduler.model.Misfire;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a registration says about a job, as one fingerprint stored in its JobDataMap: class,
 * description, declaration, parameters, recovery, misfire policy (when not the schedule's default) and
 * {@link ai.ringrift.scheduler.model.Schedule#definition() schedule}. Registering the same fingerprint again (every start of every node) leaves the stored
 * trigger alone: its next fire time, its pause and, for a one-shot job that already fired, its
 * absence.
 */
final class JobDefinition {

    /** JobDataMap key of the fingerprint. */
    static final String KEY = "ringrift.definition";

    private JobDefinition() {
    }

    static String fingerprint(JobSpec spec) {
        Map<String, String> parts = new TreeMap<>();
        parts.put("class", spec.jobClass().getName());
        parts.put("description", spec.description());
        parts.put("schedule", spec.schedule().definition());
        parts.put("recover", Boolean.toString(spec.recover()));
        if (spec.misfire() != Misfire.defaultFor(spec.schedule())) {
            // only a policy other than the schedule's default is a part: fingerprints stored before the
            // policy could be chosen stay valid, so an upgrade does not re-arm every trigger (nor a fired one-shot)
            parts.put("misfire", spec.misfire().key());
        }
        spec.declaration().toMap().forEach((k, v) -> parts.put("declaration." + k, v));
        spec.parameters().forEach((k, v) -> parts.put("parameter." + k, v));
        StringBuilder text = new StringBuilder();
        parts.forEach((k, v) -> text.append(k.length()).append(':').append(k).append('=')
                .append(v.length()).append(':').append(v).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
