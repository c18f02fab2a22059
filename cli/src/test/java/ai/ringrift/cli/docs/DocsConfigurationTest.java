package ai.ringrift.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md embeds guard-plugin's guard-reference.yaml verbatim between two marker comments; the
 * block must equal the file ({@code -Dringrift.docs.write=true} rewrites the block, the rest of the page stays).
 */
class DocsConfigurationTest {

    static final String BEGIN = "<!-- BEGIN guard-reference.yaml";
    static final String END = "<!-- END guard-reference.yaml -->";

    @Test
    void configurationPageEmbedsTheReferenceVerbatim() throws IOException {
        Path reference = reference();
        String yaml = Files.readString(reference);
        assertThat(yaml).contains("limits:", "policy:", "jobs:");
        Path page = DocFiles.docs().resolve("configuration.md");
        String text = DocFiles.read(page);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        assertThat(begin).as(DocFiles.relative(page) + " must hold a line starting with '" + BEGIN + "'").isNotNegative();
        assertThat(end).as(DocFiles.relative(page) + " must hold the line '" + END + "' after the BEGIN marker")
                .isGreaterThan(begin);
        String block = BEGIN + " (copied from " + DocFiles.relative(reference) + " by DocsConfigurationTest;"
                + " do not edit by hand) -->\n```yaml\n" + yaml + (yaml.endsWith("\n") ? "" : "\n") + "```\n";
        String expected = text.substring(0, begin) + block + text.substring(end);
        DocFiles.assertGenerated(page, expected, DocFiles.relative(reference));
    }

    /** The one guard-reference.yaml in guard-plugin's main resources (wherever its package has moved). */
    static Path reference() throws IOException {
        Path resources = DocFiles.root().resolve("guard-plugin/src/main/resources");
        try (Stream<Path> s = Files.walk(resources)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().equals("guard-reference.yaml")).toList();
            assertThat(found).as("exactly one guard-reference.yaml under " + resources).hasSize(1);
            return found.get(0);
        }
    }
}
