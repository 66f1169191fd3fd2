package cocolor.spark;

import cocolor.base.UserError;
import cocolor.commandline.OutputPlan;
import cocolor.commandline.UsageError;
import cocolor.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the job's inputs on the driver and names each one's output by the rule of {@code cocolor
 * colorize} ({@link OutputPlan}): {@code OUTPUT/<input name without extension>.png}. An input may
 * be a file, a folder (its image files; with {@code recursive}, those of its subfolders too) or a
 * glob, on any file system Hadoop knows. Hidden files (names starting with {@code .} or {@code _}) are left out.
 */
final class InputPlanner {
    private InputPlanner() {}

    /**
     * The work, sorted by input URI. Inputs that would write the same output all carry a problem
     * instead of overwriting each other.
     *
     * @throws UserError if an input matches nothing
     * @throws UsageError if an output would replace an input (the output folder holds inputs of the
     *     same name): no run ever overwrites its input
     */
    static List<WorkItem> plan(List<String> inputs, String outputDir, boolean recursive, Configuration conf) {
        TreeSet<String> files = new TreeSet<>();
        for (String input : inputs) {
            try {
                files.addAll(list(new Path(input), recursive, conf));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
            }
        }
        Path out = qualified(new Path(outputDir), conf);
        Function<String, String> outputOf = file -> new Path(out, OutputPlan.outputName(new Path(file).getName(), OutputPlan.PNG))
                .toString();
        OutputPlan<String> plan = OutputPlan.of(files, outputOf, String::equals);
        return files.stream()
                .map(file -> {
                    String output = outputOf.apply(file);
                    return new WorkItem(file, output, plan.collision(file, output).orElse(null));
                })
                .toList();
    }

    private static List<String> list(Path input, boolean recursive, Configuration conf) throws IOException {
        FileSystem fs = input.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(input);
        if (matches == null || matches.length == 0) {
            throw new UserError("input not found: " + input);
        }
        List<String> files = new ArrayList<>();
        for (FileStatus match : matches) {
            if (!match.isDirectory()) {
                files.add(match.getPath().toString()); // named explicitly (or by a glob): taken as it is
                continue;
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), recursive);
            while (it.hasNext()) {
                Path file = it.next().getPath();
                if (isVisibleImage(file)) {
                    files.add(file.toString());
                }
            }
        }
        return files;
    }

    private static Path qualified(Path dir, Configuration conf) {
        try {
            return dir.getFileSystem(conf).makeQualified(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean isVisibleImage(Path file) {
        String name = file.getName();
        return !name.startsWith(".") && !name.startsWith("_") && Images.isImageFile(java.nio.file.Path.of(name));
    }
}
