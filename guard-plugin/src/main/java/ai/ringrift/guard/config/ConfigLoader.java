package ai.ringrift.guard.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads {@code guard.yaml}: parses it with SnakeYAML's node API (so every problem has its line),
 * substitutes {@code ${ENV_VAR}}, reads it into a {@link GuardConfig} ({@link ConfigReader}) and
 * checks it ({@link ConfigValidator}). Every problem is collected, not just the first (the first
 * {@link ConfigLimits#MAX_PROBLEMS} are kept, the rest counted); the configuration is returned only
 * when there is no error. An empty file gives the defaults. The input is held to
 * {@link ConfigLimits} (size, line and value length, nesting, aliases, values): a broken limit is one
 * error naming it.
 *
 * <pre>{@code
 * LoadResult r = ConfigLoader.load(Path.of("guard.yaml"));
 * r.problems().forEach(System.err::println);   // guard.yaml:12: limits.disk.max: must be ...
 * GuardConfig config = r.orThrow();
 * }</pre>
 */
public final class ConfigLoader {

    private final ValidationContext context;
    private final EnvSubstitution env;

    /**
     * @param context host capacity and class loader to validate against
     * @param env     environment lookup for {@code ${NAME}} references
     */
    public ConfigLoader(ValidationContext context, EnvSubstitution env) {
        this.context = context;
        this.env = env;
    }

    /** Validates against this host (detected with OSHI) and the process environment. */
    public static ConfigLoader forThisHost() {
        return new ConfigLoader(ValidationContext.forThisHost(), EnvSubstitution.system());
    }

    /** Loads a file, validating against this host. A missing file gives the defaults and a warning. */
    public static LoadResult load(Path file) {
        return forThisHost().loadFile(file);
    }

    /** Loads text, validating against this host; {@code sourceName} prefixes every problem. */
    public static LoadResult loadString(String text, String sourceName) {
        return forThisHost().loadText(text, sourceName);
    }

    /**
     * Loads a file; a relative H2 path in {@code database.url} is taken relative to the file's folder
     * ({@link DatabaseConfig#resolvedAgainst}), not to the working directory. At most {@link ConfigLimits#MAX_FILE_BYTES} bytes are read from it (a device or
     * a pipe that never ends included): a longer input is refused, as is one that is not UTF-8 text.
     */
    public LoadResult loadFile(Path file) {
        LoadResult r = readFile(file);
        if (!r.ok() || !Files.isRegularFile(file)) {
            return r; // errors, or no file: the defaults as they are
        }
        Path folder = file.toAbsolutePath().getParent();
        GuardConfig c = r.config();
        return new LoadResult(c.withDatabase(c.database().resolvedAgainst(folder)), r.problems(), r.moreErrors(),
                r.moreWarnings());
    }

    private LoadResult readFile(Path file) {
        String source = file.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(ConfigLimits.MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            LoadResult defaults = loadText("", source);
            return new LoadResult(defaults.config(), List.of(new Problem(Severity.WARNING, "", 0,
                    "file not found (" + file.toAbsolutePath() + "): every setting takes its default", source)));
        } catch (IOException e) {
            return failed(source, "cannot be read: " + e);
        }
        if (bytes.length > ConfigLimits.MAX_FILE_BYTES) {
            return tooLarge(source);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return failed(source, "refused: not UTF-8 text (a binary file?): guard.yaml must be UTF-8 text");
        }
        return loadText(text, source);
    }

    /** Loads text held to {@link ConfigLimits}; {@code sourceName} prefixes every problem. */
    public LoadResult loadText(String text, String sourceName) {
        String source = sourceName == null || sourceName.isBlank() ? "guard.yaml" : sourceName;
        if (text.length() > ConfigLimits.MAX_FILE_BYTES) {
            return tooLarge(source);
        }
        Optional<LoadResult> refused = refuseBeforeParsing(text, source);
        if (refused.isPresent()) {
            return refused.get();
        }
        SourceLines lines = new SourceLines();
        ProblemCollector problems = new ProblemCollector(source, lines);
        Node root;
        try {
            root = compose(text);
        } catch (LimitedParser.LimitExceeded e) {
            problems.error("", e.line(), "refused: " + e.getMessage());
            return problems.result(null);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.error("", mark == null ? 0 : mark.getLine() + 1,
                    "YAML syntax error: " + e.getProblem() + context);
            return problems.result(null);
        } catch (YAMLException e) {
            problems.error("", 0, "YAML error: " + e.getMessage());
            return problems.result(null);
        }
        GuardConfig config = new ConfigReader(problems, env).read(root);
        new ConfigValidator(context).validate(config, problems);
        return problems.result(problems.hasErrors() ? null : config);
    }

    /** What is refused before SnakeYAML sees the text: NUL characters, and lines too long to scan quickly. */
    private static Optional<LoadResult> refuseBeforeParsing(String text, String source) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of(failed(source, "refused: contains NUL characters (line " + line
                        + "): a binary file, not YAML text"));
            }
            if (c == '\n') {
                line++;
                lineStart = i + 1;
            } else if (i - lineStart >= ConfigLimits.MAX_LINE_CHARS) {
                return Optional.of(new LoadResult(null, List.of(new Problem(Severity.ERROR, "", line,
                        "refused: a line longer than " + ConfigLimits.MAX_LINE_CHARS + " characters: the limit is "
                        + ConfigLimits.MAX_LINE_CHARS + " characters per line", source))));
            }
        }
        return Optional.empty();
    }

    /** The node tree, parsed under {@link ConfigLimits} (SnakeYAML's own limits set to the same). */
    private static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(ConfigLimits.MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(ConfigLimits.MAX_DEPTH + 1);
        options.setCodePointLimit(ConfigLimits.MAX_FILE_BYTES + 1);
        Parser parser = new LimitedParser(new ParserImpl(new StreamReader(text), options));
        return new Composer(parser, new Resolver(), options).getSingleNode();
    }

    private static LoadResult tooLarge(String source) {
        return failed(source, "refused: larger than " + ConfigLimits.bytes(ConfigLimits.MAX_FILE_BYTES)
                + ", the limit for guard.yaml (is it the right file?)");
    }

    private static LoadResult failed(String source, String message) {
        return new LoadResult(null, List.of(new Problem(Severity.ERROR, "", 0, message, source)));
    }
}
