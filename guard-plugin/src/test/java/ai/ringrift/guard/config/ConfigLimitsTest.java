package ai.ringrift.guard.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * guard.yaml is held to {@link ConfigLimits}: every bomb is one error naming the file and the limit
 * (the loader never reads an endless input to its end), a real configuration of thousands of jobs
 * loads, and problems and the values they quote are capped. The child-JVM versions (small heap,
 * through {@code ringrift validate} and {@code ringrift run}) are in the cli module.
 */
class ConfigLimitsTest {

    @TempDir
    Path dir;

    private static ConfigLoader loader() {
        return new ConfigLoader(ValidationContext.of(ConfigLoaderTest.HOST), new EnvSubstitution(Map.<String, String>of()::get));
    }

    private static LoadResult load(String text) {
        return loader().loadText(text, "bomb.yaml");
    }

    private static void assertRefused(LoadResult r, String... words) {
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).as(r.problems().toString()).hasSize(1);
        assertThat(r.problems().get(0).toString()).startsWith("bomb.yaml").contains("refused").contains("limit")
                .contains(words);
        assertThat(r.problems().get(0).toString().lines()).hasSize(1);
    }

    @Test
    void aBillionLaughsAliasBombIsRefusedByTheCountOfValuesItRepeats() {
        StringBuilder b = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        String prev = "a";
        for (String n : new String[] {"b", "c", "d", "e", "f", "g", "h"}) {
            b.append(n).append(": &").append(n).append(" [").append(("*" + prev + ",").repeat(8)).append('*')
                    .append(prev).append("]\n");
            prev = n;
        }
        b.append("jobs: *h\n");
        assertRefused(load(b.toString()), "200000 values");
    }

    @Test
    void fewerThan50AliasesThatExpandToMillionsAreRefusedToo() {
        // 7 x 7 aliases (49, under the alias limit) expand to 823,543 list items
        StringBuilder b = new StringBuilder("a: &a [x,x,x,x,x,x,x]\n");
        String prev = "a";
        for (String n : new String[] {"b", "c", "d", "e", "f", "g"}) {
            b.append(n).append(": &").append(n).append(" [").append(("*" + prev + ",").repeat(6)).append('*')
                    .append(prev).append("]\n");
            prev = n;
        }
        b.append("jobs: *g\n");
        assertRefused(load(b.toString()), "200000 values");
    }

    @Test
    void moreThan50AliasesToCollectionsAreRefused() {
        StringBuilder b = new StringBuilder("x: &x {cpu: {max: 90}}\nl:\n");
        for (int i = 0; i < 51; i++) {
            b.append("  - *x\n");
        }
        assertRefused(load(b.toString()), "aliases to lists or mappings", "50");
    }

    @Test
    void aRecursiveAliasIsRefused() {
        for (String yaml : new String[] {"jobs: &j [*j]\n", "limits: &l {cpu: *l}\n"}) {
            LoadResult r = load(yaml);
            assertThat(r.ok()).isFalse();
            assertThat(r.problems()).singleElement().asString().startsWith("bomb.yaml:1: refused")
                    .contains("recursive aliases are refused");
        }
    }

    @Test
    void deepNestingIsRefusedAtTheDepthLimit() {
        assertRefused(load("[".repeat(10_000) + "]".repeat(10_000) + "\n"), "nested deeper than 50");
        LoadResult ok = load("node: " + "[".repeat(49) + "]".repeat(49) + "\n");
        assertThat(ok.problems().toString()).doesNotContain("refused");
    }

    @Test
    void aLongValueIsRefusedEvenWhenItsLinesAreShort() {
        String folded = "node:\n  id: >\n" + ("    " + "x".repeat(60) + "\n").repeat(1200);
        assertRefused(load(folded), "characters per value");
    }

    @Test
    void aLongLineIsRefusedBeforeParsing() {
        long t0 = System.nanoTime();
        LoadResult r = load("node:\n  id: \"" + "x".repeat(3 * 1024 * 1024) + "\"\n");
        assertRefused(r, "characters per line");
        assertThat(r.problems().get(0).line()).isEqualTo(2);
        // SnakeYAML needs ~7 s (quadratic) to scan a 4 MB single-line value: the check runs first
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void nulCharactersAreABinaryFile() {
        LoadResult r = load("node:\n  id: a\0b\n");
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).singleElement().asString().contains("NUL").contains("binary");
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedAndNotReadToItsEnd() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "# " + "x".repeat(100) + "\n".repeat(1));
        try (OutputStream out = Files.newOutputStream(big, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] chunk = ("# " + "y".repeat(1000) + "\n").getBytes();
            for (int i = 0; i < 20_000; i++) { // 20 MB of comments
                out.write(chunk);
            }
        }
        LoadResult r = loader().loadFile(big);
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).singleElement().asString().startsWith(big.toString())
                .contains("larger than 4 MiB").contains("limit");
    }

    @Test
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void anEndlessPipeIsRefusedAfterTheLimitNotReadForever() throws Exception {
        Path fifo = dir.resolve("endless.yaml");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(mkfifo.exitValue()).isZero();
        Thread writer = new Thread(() -> {
            byte[] chunk = "a: b\n".repeat(1000).getBytes();
            try (OutputStream out = Files.newOutputStream(fifo)) {
                while (true) {
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the reader closed the pipe: done
            }
        }, "endless-writer");
        writer.setDaemon(true);
        writer.start();
        LoadResult r = loader().loadFile(fifo);
        assertThat(r.problems()).singleElement().asString().contains("larger than 4 MiB");
        writer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(writer.isAlive()).as("the writer sees the pipe closed").isFalse();
    }

    @Test
    void fiveThousandJobsStillLoad() {
        StringBuilder b = new StringBuilder("jobs:\n");
        for (int i = 0; i < 5_000; i++) {
            b.append("  - name: selfplay-").append(i).append('\n')
                    .append("    class: ").append(SampleJob.class.getName()).append('\n')
                    .append("    cron: \"0 */5 * * * ?\"\n")
                    .append("    priority: NORMAL\n")
                    .append("    needs: {cpuCores: 2, memoryGb: 4, diskGb: 1}\n")
                    .append("    parameters:\n      num_games: \"200\"\n")
                    .append("    resizable: {param: num_games, min: 10}\n");
        }
        LoadResult r = load(b.toString());
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().jobs()).hasSize(5_000);
    }

    @Test
    void onlyTheFirstProblemsAreKeptAndTheRestCounted() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            b.append("unknown").append(i).append(": 1\n");
        }
        LoadResult r = load(b.toString());
        assertThat(r.ok()).isFalse();
        assertThat(r.problems()).hasSize(ConfigLimits.MAX_PROBLEMS);
        assertThat(r.errorCount()).isEqualTo(5_000);
        assertThat(r.moreErrors()).isEqualTo(5_000 - ConfigLimits.MAX_PROBLEMS);
        assertThat(r.omitted()).hasValue("... and 4900 more problem(s) not shown (the first 100 are listed)");
    }

    @Test
    void aValueQuotedInAMessageIsCut() {
        String name = "n".repeat(60_000);
        StringBuilder b = new StringBuilder("jobs:\n");
        b.append("  - {name: &n ").append(name).append(", class: ").append(SampleJob.class.getName())
                .append(", interval: 1m}\n");
        for (int i = 0; i < 500; i++) {
            b.append("  - {name: *n, class: ").append(SampleJob.class.getName()).append(", interval: 1m}\n");
        }
        LoadResult r = load(b.toString());
        assertThat(r.errorCount()).isEqualTo(500);
        assertThat(r.problems()).allSatisfy(p -> assertThat(p.toString()).hasSizeLessThan(400)
                .contains("duplicate job name 'nnnn").contains("(60000 characters)"));
    }

    @Test
    void quoteCutsLongTextAndKeepsShortText() {
        assertThat(ConfigLimits.quote("short")).isEqualTo("short");
        assertThat(ConfigLimits.quote("x".repeat(100))).isEqualTo("x".repeat(80) + "... (100 characters)");
    }
}
