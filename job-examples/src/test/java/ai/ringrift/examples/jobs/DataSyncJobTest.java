package ai.ringrift.examples.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSyncJobTest {

    private static JobHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new JobHarness();
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
    }

    @Test
    void copiesNewAndChangedFilesOnlyOnce(@TempDir Path data) throws Exception {
        Path a = write(data.resolve("games/hex5/a.jsonl"), "{\"game\":1}\n");
        Path b = write(data.resolve("games/hex4/b.jsonl"), "{\"game\":2}\n");
        write(data.resolve("games/hex5/.c.jsonl.part"), "partial");
        Map<String, String> params = Map.of("data_dir", data.toString());

        String first = harness.run(DataSyncJob.class, params).resultOrFail();
        assertThat(first).startsWith("copied 2 files").endsWith("0 unchanged");
        assertThat(data.resolve("archive/hex5/a.jsonl")).hasSameBinaryContentAs(a);
        assertThat(data.resolve("archive/hex4/b.jsonl")).hasSameBinaryContentAs(b);
        assertThat(data.resolve("archive/hex5/.c.jsonl.part")).doesNotExist();
        assertThat(Files.getLastModifiedTime(data.resolve("archive/hex5/a.jsonl")))
                .isEqualTo(Files.getLastModifiedTime(a));

        String second = harness.run(DataSyncJob.class, params).resultOrFail();
        assertThat(second).startsWith("copied 0 files").endsWith("2 unchanged");

        // same bytes, new time: the hash says unchanged
        Files.setLastModifiedTime(a, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(harness.run(DataSyncJob.class, params).resultOrFail()).startsWith("copied 0 files");
        // changed content of the same size is copied again
        Files.writeString(b, "{\"game\":3}\n");
        Path c = write(data.resolve("games/hex5/c.jsonl"), "{\"game\":4}\n");
        Files.writeString(a, "{\"more\":1}\n", StandardOpenOption.APPEND);
        String fourth = harness.run(DataSyncJob.class, params).resultOrFail();
        assertThat(fourth).startsWith("copied 3 files").endsWith("0 unchanged");
        assertThat(data.resolve("archive/hex4/b.jsonl")).hasContent("{\"game\":3}");
        assertThat(data.resolve("archive/hex5/a.jsonl")).hasSameBinaryContentAs(a);
        assertThat(data.resolve("archive/hex5/c.jsonl")).hasSameBinaryContentAs(c);
    }

    @Test
    void nothingToSyncIsFine(@TempDir Path data) throws Exception {
        assertThat(harness.run(DataSyncJob.class, Map.of("data_dir", data.toString())).resultOrFail())
                .startsWith("copied 0 files (0 B)");
    }

    static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
