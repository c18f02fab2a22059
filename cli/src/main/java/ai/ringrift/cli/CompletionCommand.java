package ai.ringrift.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ringrift completion}: picocli's bash (and zsh) completion script for every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print the shell completion script: source <(ringrift completion) in bash or zsh.")
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash("ringrift", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
