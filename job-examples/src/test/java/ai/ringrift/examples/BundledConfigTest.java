package ai.ringrift.examples;

import static org.assertj.core.api.Assertions.assertThat;

import ai.ringrift.cli.CliConfig;
import ai.ringrift.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution's default guard.yaml (bundled in ringrift.jar) declares the example jobs and is valid. */
class BundledConfigTest {

    @TempDir
    Path tmp;

    @Test
    void theBundledDefaultIsValidAndHasTheExampleJobs() throws Exception {
        Path p = tmp.resolve("guard.yaml");
        Files.writeString(p, CliConfig.bundledText());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "validate", p.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("OK").contains("10 job(s)");
        // ./ringrift run at the repository root uses the copy there: keep the two equal
        assertThat(Files.readString(Path.of("..", "guard.yaml"))).isEqualTo(CliConfig.bundledText());
    }
}
