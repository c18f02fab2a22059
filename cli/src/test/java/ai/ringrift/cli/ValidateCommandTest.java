package ai.ringrift.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ringrift validate}: every problem printed, each naming its path; exit 2 on errors. */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    private Path fixture(String name) throws Exception {
        Path p = tmp.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/cli-broken/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    @ParameterizedTest(name = "{0} names {1}")
    @CsvSource({
            "broken-percent.yaml, limits.disk.max",
            "broken-unknown-key.yaml, limits.disk.wran",
            "broken-warn-above-max.yaml, limits.memory.warn",
            "broken-bands-order.yaml, levels.bands[2]",
            "broken-cron.yaml, jobs[0].cron",
            "broken-class-missing.yaml, jobs[0].class",
            "broken-class-not-job.yaml, jobs[0].class",
            "broken-duplicate-job.yaml, jobs[1].name",
            "broken-resizable-min.yaml, jobs[0].resizable.min",
            "broken-resizable-absent.yaml, jobs[0].resizable.param",
    })
    void brokenConfigIsExit2NamingThePath(String file, String path) throws Exception {
        Path p = fixture(file);
        CliFixture.Result r = CliFixture.raw("validate", p.toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(2);
        assertThat(r.out()).as(r.toString()).containsPattern(java.util.regex.Pattern.quote(p.toString())
                + ":[0-9]+: " + java.util.regex.Pattern.quote(path) + ": ");
        assertThat(r.out()).containsPattern("[0-9]+ error\\(s\\)");
    }

    /**
     * The four files of issue 11: {@code validate} called them OK and {@code run} refused them (exit 1,
     * an internal field name, no line, printed twice). Now both refuse them the same way: exit 2,
     * {@code FILE:LINE: PATH: message}, once, no stack trace.
     */
    @ParameterizedTest(name = "{0}: validate and run refuse it at {1}:{2}")
    @CsvSource({
            "issue11-deferral-jitter.yaml, deferral.jitter, 4",
            "issue11-resize-grows.yaml, policy.resize.level3, 5",
            "issue11-levels-margin.yaml, levels.margin, 3",
            "issue11-breaker-window.yaml, breaker.window, 4",
            "issue11-pool-below-threads.yaml, quartz.threadCount, 3",
    })
    void validateAndRunRefuseTheSameFileTheSameWay(String file, String path, int line) throws Exception {
        Path p = fixture(file);
        String where = p + ":" + line + ": " + path + ": ";

        CliFixture.Result validate = CliFixture.raw("validate", p.toString());
        assertThat(validate.code()).as(validate.toString()).isEqualTo(2);
        assertThat(validate.out()).as(validate.toString()).contains(where).contains("1 error(s)");

        CliFixture.Result run = CliFixture.raw("run", "--config", p.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(2);
        String all = run.out() + run.err();
        assertThat(all.split(java.util.regex.Pattern.quote(where), -1)).as(run.toString()).hasSize(2);
        assertThat(all).as(run.toString()).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("--debug");
    }

    @Test
    void everyProblemIsPrintedNotJustTheFirst() throws Exception {
        Path p = fixture("broken-three-errors.yaml");
        CliFixture.Result r = CliFixture.raw("validate", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("limits.cpu.max", "limits.memroy", "sampling.interval", "3 error(s)");
    }

    @Test
    void warningsAloneAreExit0() throws Exception {
        Path p = fixture("broken-disk-looser.yaml");
        CliFixture.Result r = CliFixture.raw("validate", p.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("warning: limits.disk.max").contains("OK").contains("1 warning(s)");
    }

    @Test
    void withoutABundledConfigTheDefaultsApply() {
        // the cli module bundles no guard.yaml: the distribution (job-examples) brings one
        assertThat(CliConfig.bundledText()).isEmpty();
    }

    @Test
    void configOptionIsValidatedWhenNoFileIsGiven() throws Exception {
        Path p = fixture("broken-percent.yaml");
        CliFixture.Result r = CliFixture.raw("validate", "--config", p.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("limits.disk.max");
    }

    @Test
    void missingFileIsExit2() {
        CliFixture.Result r = CliFixture.raw("validate", tmp.resolve("absent.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("FILE").contains("absent.yaml");
    }
}
