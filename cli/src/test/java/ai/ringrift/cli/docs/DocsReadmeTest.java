package ai.ringrift.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** README.md stays a page: at most 10 KB, and its set-up command 2 is the one CI (.ci/run) runs. */
class DocsReadmeTest {

    static final long README_MAX_BYTES = 10 * 1024;

    @Test
    void readmeIsAtMostTenKilobytes() throws Exception {
        long size = Files.size(DocFiles.readme());
        assertThat(size).as("README.md is %d bytes; keep it a page (<= %d bytes) and move details to docs/", size,
                README_MAX_BYTES).isLessThanOrEqualTo(README_MAX_BYTES);
    }

    @Test
    void readmeCommandTwoIsWhatCiRuns() {
        String ci = DocFiles.read(DocFiles.root().resolve(".ci/run"));
        Matcher m = Pattern.compile("# README command 2 \\(keep identical\\):\\n(.+)\\n").matcher(ci);
        assertThat(m.find()).as(".ci/run names README command 2").isTrue();
        String readme = DocFiles.read(DocFiles.readme());
        assertThat(readme).contains("```bash\n# 1. run the scheduler").contains("\n./ringrift run\n")
                .contains("\n# 2. run the tests (what CI runs)\n" + m.group(1) + "\n```");
    }
}
