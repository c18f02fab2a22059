package ai.ringrift.examples.jobs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The promoted model of a configuration, {@code models/<config>/promoted.json}, written by
 * {@link ModelPromotionJob} and read by self-play ({@code player=auto}).
 *
 * @param modelId     the promoted checkpoint's model id
 * @param config      configuration name
 * @param rating      its Elo rating when promoted
 * @param ratedGames  rated games behind that rating
 * @param promotedAt  ISO-8601 instant
 * @param checkpoint  a copy of the checkpoint
 */
public record Promotion(String modelId, String config, double rating, int ratedGames, String promotedAt,
                        Checkpoint checkpoint) {

    /** File name of the promoted model in its configuration's models directory. */
    public static final String FILE_NAME = "promoted.json";

    public static Promotion read(Path file) throws IOException {
        try {
            return Checkpoint.JSON.readValue(file.toFile(), Promotion.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a readable promotion record: " + e.getMessage(), e);
        }
    }

    /** Writes atomically (part file, then an atomic move onto {@code file}). */
    public void write(Path file) throws IOException {
        FileUtil.writeAtomically(file, Checkpoint.JSON.writeValueAsBytes(this));
    }
}
