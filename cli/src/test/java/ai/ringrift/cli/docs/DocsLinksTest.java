package ai.ringrift.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in README.md and docs/*.md points to a file that exists (and, for a link into a Markdown
 * page with #anchor, to a heading); docs/index.md lists every page.
 */
class DocsLinksTest {

    private static final Pattern INLINE_LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_LINK = Pattern.compile("(?m)^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s.*)?$");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*(```|~~~).*?^\\s*\\1[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkPointsToAnExistingFile() {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchors = new HashMap<>();
        int checked = 0;
        for (Path page : DocFiles.pages()) {
            for (String target : links(DocFiles.read(page))) {
                if (SCHEME.matcher(target).find()) {
                    continue; // http:, https:, mailto: ...
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!resolved.startsWith(DocFiles.root()) || !Files.exists(resolved)) {
                    broken.add(DocFiles.relative(page) + ": " + target + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors.computeIfAbsent(resolved, DocsLinksTest::anchors).contains(anchor)) {
                    broken.add(DocFiles.relative(page) + ": " + target + " (no heading '#" + anchor + "' in "
                            + DocFiles.relative(resolved) + ")");
                }
            }
        }
        assertThat(checked).as("relative links found").isGreaterThan(20);
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void indexListsEveryPage() {
        Set<String> linked = new HashSet<>(links(DocFiles.read(DocFiles.docs().resolve("index.md"))));
        List<String> missing = DocFiles.pages().stream()
                .filter(p -> p.getParent().equals(DocFiles.docs()))
                .map(p -> p.getFileName().toString())
                .filter(name -> !name.equals("index.md") && !linked.contains(name))
                .toList();
        assertThat(missing).as("docs pages not listed in docs/index.md").isEmpty();
    }

    @Test
    void linkScannerSeesLinksButNotCode() {
        String text = "see [a](a.md) and [b](b.md \"title\")\n```\n[x](in-fence.md)\n```\n`[y](in-span.md)`\n"
                + "[ref]: ref.md\n# A `code` Heading, here!\n";
        assertThat(links(text)).containsExactly("a.md", "b.md", "ref.md");
        assertThat(anchorsOf(text)).contains("a-code-heading-here");
    }

    /** Link targets outside fenced code blocks and code spans. */
    static List<String> links(String markdown) {
        String text = CODE_SPAN.matcher(FENCE.matcher(markdown).replaceAll("")).replaceAll("");
        List<String> targets = new ArrayList<>();
        Matcher m = INLINE_LINK.matcher(text);
        while (m.find()) {
            targets.add(m.group(1));
        }
        m = REFERENCE_LINK.matcher(text);
        while (m.find()) {
            targets.add(m.group(1));
        }
        return targets;
    }

    private static Set<String> anchors(Path page) {
        return anchorsOf(DocFiles.read(page));
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, blanks to hyphens, repeats numbered. */
    static Set<String> anchorsOf(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher m = HEADING.matcher(FENCE.matcher(markdown).replaceAll(""));
        while (m.find()) {
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; !anchors.add(unique); n++) {
                unique = slug + "-" + n;
            }
        }
        return anchors;
    }
}
