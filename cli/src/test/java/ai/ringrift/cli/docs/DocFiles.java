package ai.ringrift.cli.docs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The repository's README.md and docs/ pages, found from the module's working directory, and the one
 * switch that rewrites their generated parts: {@code -Dringrift.docs.write=true}.
 */
final class DocFiles {

    /** System property that makes the docs tests rewrite a generated file instead of failing. */
    static final String WRITE_PROPERTY = "ringrift.docs.write";

    /** The one-line hint every "out of date" failure ends with. */
    static final String REGENERATE = "regenerate with: mvn -B -ntp -o -pl cli -am verify -Dtest='Docs*'"
            + " -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE_PROPERTY + "=true";

    private DocFiles() {
    }

    /** The repository root: the nearest folder upwards holding README.md, docs/ and the cli module. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("README.md")) && Files.isDirectory(d.resolve("docs"))
                    && Files.isDirectory(d.resolve("cli"))) {
                return d;
            }
        }
        throw new IllegalStateException("no repository root (README.md, docs/, cli/) above " + dir);
    }

    static Path readme() {
        return root().resolve("README.md");
    }

    static Path docs() {
        return root().resolve("docs");
    }

    /** README.md and every docs/*.md page, README first, pages by name. */
    static List<Path> pages() {
        try (Stream<Path> s = Files.list(docs())) {
            return Stream.concat(Stream.of(readme()),
                    s.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static String relative(Path file) {
        return root().relativize(file).toString().replace('\\', '/');
    }

    /**
     * Passes when {@code file} holds exactly {@code expected}. Otherwise, with the write switch set, rewrites
     * the file; without it, fails with one line naming the file, the first differing line and how to regenerate.
     */
    static void assertGenerated(Path file, String expected, String source) {
        String actual = Files.exists(file) ? read(file) : null;
        if (expected.equals(actual)) {
            return;
        }
        if (Boolean.getBoolean(WRITE_PROPERTY)) {
            try {
                Files.writeString(file, expected);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            System.out.println("rewrote " + relative(file) + " from " + source);
            return;
        }
        fail(relative(file) + (actual == null ? " is missing" : " is out of date with " + source + " ("
                + firstDifference(actual, expected) + ")") + "; " + REGENERATE);
    }

    /** "line N: expected 'x', found 'y'" for the first line where the two texts differ. */
    static String firstDifference(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, e.length); i++) {
            String al = i < a.length ? a[i] : "<end of file>";
            String el = i < e.length ? e[i] : "<end of file>";
            if (!al.equals(el)) {
                return "line " + (i + 1) + ": expected '" + el + "', found '" + al + "'";
            }
        }
        return "line endings differ";
    }
}
