package cocolor.cli;

import java.io.PrintWriter;
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
            ExportCommand.class,
            EvaluateCommand.class,
            ServeCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, also print the stack trace (for bug reports).")
    void setDebug(boolean on) {
        CliErrors.setDebug(on);
    }

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

    /**
     * Runs the command line and exits with its code: 0 done, 1 the job failed, 2 usage error.
     * Whatever escapes the commands (errors of the JVM or the engine, failures in background
     * threads) still ends as one line on stderr, not a stack trace.
     */
    public static void main(String[] args) {
        StatusLine.install(); // on a terminal, messages go above the progress bar, not onto its line
        Thread.setDefaultUncaughtExceptionHandler((thread, e) ->
                CliErrors.report(new PrintWriter(System.err, true), e));
        int exit;
        try {
            exit = commandLine().execute(args);
        } catch (Throwable e) { // the last guard: never a stack trace by default
            CliErrors.report(new PrintWriter(System.err, true), e);
            exit = CliErrors.FAILED;
        }
        System.exit(exit);
    }
}
