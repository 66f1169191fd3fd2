package cocolor.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cocolor} command line: one subcommand per job. */
@Command(
        name = "cocolor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Near-infrared to colour image translation (CoColor) on the CPU.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ColorizeCommand.class,
            BenchmarkCommand.class,
            DemoCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            ServeCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the command line with the project's error handlers; used by tests too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new CliErrors.ExecutionHandler());
        cl.setParameterExceptionHandler(new CliErrors.ParameterHandler());
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
