package io.pekonode.agent.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code pekonode completion bash|zsh}: a completion script generated from the command definitions
 * themselves, so every command and flag is in it.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Prints a shell completion script for bash or zsh, generated from the command line's own "
                + "definition. bash: source <(pekonode completion bash); zsh: source <(pekonode completion zsh).")
public final class CompletionCommand implements Callable<Integer> {

    @ParentCommand
    RootCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "bash|zsh")
    String shell;

    @Override
    public Integer call() {
        CommandLine top = spec.commandLine().getParent();
        String script = AutoComplete.bash("pekonode", top);
        switch (shell) {
            case "bash" -> root.io().out().print(script);
            // picocli's script is bash; zsh runs it through its bash completion layer.
            case "zsh" -> root.io().out().print("autoload -U +X compinit && compinit\n"
                    + "autoload -U +X bashcompinit && bashcompinit\n" + script);
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown shell '" + shell + "': bash or zsh");
        }
        root.io().out().flush();
        return ExitCodes.OK;
    }
}
