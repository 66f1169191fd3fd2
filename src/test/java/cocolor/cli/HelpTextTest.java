package cocolor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The help texts: whole sentences in the command list, and only files that exist. */
class HelpTextTest {
    /** A path to a file in the repository, as help texts name them (bench/x.sh, recipes/y.yaml). */
    private static final Pattern REPOSITORY_FILE = Pattern.compile("[\\w.-]+(/[\\w.-]+)+\\.(md|sh|py|yaml|tsv|csv)\\b");

    @Test
    void theTrainHelpNamesEveryRecipeThatShipsInTheJar() {
        CliRun run = CliRun.of("train", "--help");
        assertTrue(run.out().replaceAll("\\s+", " ").contains("a built-in recipe name (baseline, cocolor, cocolor-progressive, default, finetune)"),
                run.out());
    }

    @Test
    void theCommandListGivesEachCommandAWholeSentence() {
        CliRun run = CliRun.of("--help");
        Map<String, String> summaries = commandSummaries(run.out());
        assertEquals(Main.commandLine().getSubcommands().keySet(), summaries.keySet(), run.out());
        summaries.forEach((command, summary) ->
                assertTrue(summary.endsWith("."), command + ": '" + summary + "' is cut short\n" + run.out()));
    }

    @Test
    void everyFileAHelpTextNamesIsInTheRepository() {
        for (Map.Entry<String, CommandLine> command : Main.commandLine().getSubcommands().entrySet()) {
            String usage = command.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s*\\R\\s*", " ");
            Matcher m = REPOSITORY_FILE.matcher(usage);
            while (m.find()) {
                // Placeholders such as RUN_DIR/model.cocolor do not match: only files with a kind of text.
                assertTrue(Files.exists(Path.of(m.group())), command.getKey() + " --help names " + m.group()
                        + ", which is not in the repository");
            }
        }
    }

    /**
     * picocli wraps each line of a description at word boundaries, but starts every line of the
     * source on a new one: a sentence split over two source lines broke mid-sentence in --help.
     * Every source line of every description ends a sentence (or a list's lead-in).
     */
    @Test
    void helpTextsBreakLinesOnlyBetweenSentences() {
        List<String> cut = new java.util.ArrayList<>();
        for (CommandLine cl : List.of(Main.commandLine(), cocolor.spark.ColorizeJob.commandLine())) {
            collectCutLines(cl, cut);
        }
        assertEquals(List.of(), cut, "description lines that end mid-sentence");
    }

    private static void collectCutLines(CommandLine cl, List<String> cut) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        List<String> lines = new java.util.ArrayList<>(List.of(spec.usageMessage().description()));
        spec.options().forEach(o -> lines.addAll(List.of(o.description())));
        spec.positionalParameters().forEach(p -> lines.addAll(List.of(p.description())));
        for (String line : lines) {
            if (!line.isBlank() && !line.strip().replaceAll("%n$", "").matches("(?s).*[.:)]$")) {
                cut.add(spec.qualifiedName() + ": " + line);
            }
        }
        cl.getSubcommands().values().forEach(sub -> collectCutLines(sub, cut));
    }

    /** The Commands section of the top-level help: each command's description, wrapped lines joined. */
    private static Map<String, String> commandSummaries(String help) {
        Map<String, String> summaries = new LinkedHashMap<>();
        List<String> lines = help.lines().dropWhile(l -> !l.equals("Commands:")).skip(1).toList();
        String current = null;
        for (String line : lines) {
            Matcher entry = Pattern.compile("^  (\\S+)\\s+(.*)$").matcher(line);
            if (entry.matches()) {
                current = entry.group(1);
                summaries.put(current, entry.group(2).strip());
            } else if (current != null && line.startsWith("   ")) {
                summaries.merge(current, line.strip(), (a, b) -> a + " " + b);
            }
        }
        return summaries;
    }
}
