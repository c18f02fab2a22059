package ai.ringrift.guard.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Loads {@code guard.yaml}: parses it with SnakeYAML's node API (so every problem has its line),
 * substitutes {@code ${ENV_VAR}}, reads it into a {@link GuardConfig} ({@link ConfigReader}) and
 * checks it ({@link ConfigValidator}). Every problem is collected, not just the first; the
 * configuration is returned only when there is no error. An empty file gives the defaults.
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

    public LoadResult loadFile(Path file) {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            LoadResult defaults = loadText("", source);
            return new LoadResult(defaults.config(), List.of(new Problem(Severity.WARNING, "", 0,
                    "file not found (" + file.toAbsolutePath() + "): every setting takes its default", source)));
        } catch (MalformedInputException e) {
            return failed(source, "is not UTF-8 text: save it as UTF-8");
        } catch (IOException e) {
            return failed(source, "cannot be read: " + e);
        }
        return loadText(text, source);
    }

    public LoadResult loadText(String text, String sourceName) {
        String source = sourceName == null || sourceName.isBlank() ? "guard.yaml" : sourceName;
        SourceLines lines = new SourceLines();
        ProblemCollector problems = new ProblemCollector(source, lines);
        Node root;
        try {
            root = parser().compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
            problems.error("", mark == null ? 0 : mark.getLine() + 1,
                    "YAML syntax error: " + e.getProblem() + context);
            return new LoadResult(null, problems.sorted());
        } catch (YAMLException e) {
            problems.error("", 0, "YAML error: " + e.getMessage());
            return new LoadResult(null, problems.sorted());
        }
        GuardConfig config = new ConfigReader(problems, env).read(root);
        new ConfigValidator(context).validate(config, problems);
        return new LoadResult(problems.hasErrors() ? null : config, problems.sorted());
    }

    private static Yaml parser() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(8 * 1024 * 1024);
        return new Yaml(new SafeConstructor(options));
    }

    private static LoadResult failed(String source, String message) {
        return new LoadResult(null, List.of(new Problem(Severity.ERROR, "", 0, message, source)));
    }
}
