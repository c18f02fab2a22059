package ai.ringrift.examples.game;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Games files: JSON lines, one {@link GameRecord} per line, UTF-8, extension {@code .jsonl}. */
public final class GameFiles {

    /** File name extension of games files. */
    public static final String EXTENSION = ".jsonl";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private GameFiles() {
    }

    /** True for a finished games file (not hidden, not a partial write). */
    public static boolean isGamesFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(EXTENSION) && !name.startsWith(".");
    }

    /** Writes the games to {@code file} (created or replaced), one per line. */
    public static void write(Path file, List<GameRecord> games) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (GameRecord g : games) {
                out.write(JSON.writeValueAsString(g));
                out.write('\n');
            }
        }
    }

    /**
     * Reads every game of a file.
     *
     * @throws IOException naming the file and line when a line is not a valid game
     */
    public static List<GameRecord> read(Path file) throws IOException {
        List<GameRecord> games = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    games.add(JSON.readValue(line, GameRecord.class));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IOException(file + " line " + no + " is not a valid game: " + e.getMessage(), e);
                }
            }
        }
        return games;
    }

    /** Counts the games (non-blank lines) of a file without parsing them. */
    public static int count(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int n = 0;
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
