package ai.ringrift.examples.jobs;

import ai.ringrift.examples.game.ValueModel;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A model checkpoint file {@code models/<config>/checkpoint-<time>.json} written by
 * {@link TrainingJob}: the value model's weights and how it was trained. Its model id is
 * {@code <config>/checkpoint-<time>} (the path under {@code models/} without {@code .json}).
 *
 * @param modelId          {@code <config>/checkpoint-<time>}
 * @param config           configuration name
 * @param boardSize        board side
 * @param createdAt        ISO-8601 instant
 * @param games            games trained on
 * @param gameFiles        games files read
 * @param trainPositions   positions trained on
 * @param heldOutPositions positions held out
 * @param epochs           epochs run
 * @param learningRate     SGD step
 * @param epochLoss        mean log loss per epoch
 * @param trainAccuracy    accuracy on the training positions
 * @param heldOutAccuracy  accuracy on held-out positions, null when none
 * @param bias             model intercept
 * @param weights          model weights
 */
public record Checkpoint(String modelId, String config, int boardSize, String createdAt, int games, int gameFiles,
                         int trainPositions, int heldOutPositions, int epochs, double learningRate,
                         List<Double> epochLoss, double trainAccuracy, Double heldOutAccuracy, double bias,
                         double[] weights) {

    /** File name prefix of checkpoints. */
    public static final String PREFIX = "checkpoint-";
    /** File name suffix of checkpoints. */
    public static final String SUFFIX = ".json";

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** The value model stored in this checkpoint. */
    public ValueModel model() {
        return new ValueModel(boardSize, weights, bias);
    }

    /** The model id of a checkpoint file: {@code <config dir name>/<file name without .json>}. */
    public static String modelIdOf(Path file) {
        String name = file.getFileName().toString();
        return file.getParent().getFileName() + "/" + name.substring(0, name.length() - SUFFIX.length());
    }

    /** The checkpoint file of a model id under the models directory. */
    public static Path fileOf(Path modelsDir, String modelId) {
        return modelsDir.resolve(modelId + SUFFIX);
    }

    public static boolean isCheckpointFile(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    /** Checkpoint files of one configuration directory, newest (by name, i.e. creation time) first. */
    public static List<Path> list(Path configDir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(configDir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(configDir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p) && isCheckpointFile(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
        return out;
    }

    public static Checkpoint read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Checkpoint.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a readable checkpoint: " + e.getMessage(), e);
        }
    }

    /** Writes atomically (part file, then move). */
    public void write(Path file) throws IOException {
        FileUtil.writeAtomically(file, JSON.writeValueAsBytes(this));
    }
}
