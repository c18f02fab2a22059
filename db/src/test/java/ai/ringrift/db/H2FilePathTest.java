package ai.ringrift.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which H2 URLs name a file, and a relative one resolved against a folder. */
class H2FilePathTest {

    private static final Path ETC = Path.of("/etc/ringrift");

    @Test
    void relativeFilePathsResolveAgainstTheFolderOthersStayAsWritten() {
        assertThat(H2FilePath.resolveAgainst("jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE", ETC))
                .isEqualTo("jdbc:h2:file:/etc/ringrift/data/ringrift;AUTO_SERVER=TRUE");
        assertThat(H2FilePath.resolveAgainst("jdbc:h2:../db/x", ETC)).isEqualTo("jdbc:h2:/etc/db/x");
        assertThat(H2FilePath.resolveAgainst("jdbc:h2:file:data/x", ETC)).isEqualTo("jdbc:h2:file:/etc/ringrift/data/x");
        for (String unchanged : new String[] {"jdbc:h2:file:/var/lib/x;AUTO_SERVER=TRUE", "jdbc:h2:~/x",
                "jdbc:h2:mem:test;DB_CLOSE_DELAY=-1", "jdbc:h2:tcp://db:9092/x", "jdbc:h2:zip:/a.zip!/x",
                "jdbc:postgresql://db:5432/ringrift"}) {
            assertThat(H2FilePath.resolveAgainst(unchanged, ETC)).as(unchanged).isEqualTo(unchanged);
        }
    }

    @Test
    void theFileBehindAUrl() {
        assertThat(H2FilePath.of("jdbc:h2:file:./data/ringrift;AUTO_SERVER=TRUE")).contains("./data/ringrift");
        assertThat(H2FilePath.of("jdbc:h2:mem:x")).isEmpty();
        assertThat(H2FilePath.of("jdbc:postgresql://h/d")).isEmpty();
        assertThat(H2FilePath.absolute("jdbc:h2:file:/a/b/../c")).contains(Path.of("/a/c"));
        assertThat(H2FilePath.mainFile(Path.of("/a/c"))).isEqualTo(Path.of("/a/c.mv.db"));
        assertThat(H2FilePath.existing(Path.of("/nonexistent/ringrift"))).isEmpty();
    }
}
