package cocolor.spark;

import cocolor.base.UserError;
import cocolor.commandline.UsageError;
import cocolor.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Lists the job's inputs on the driver and names each one's output, as {@code cocolor colorize}
 * does: {@code OUTPUT/<input name without extension>.png}. An input may be a file, a folder (its
 * image files; with {@code recursive}, those of its subfolders too) or a glob, on any file system
 * Hadoop knows. Hidden files (names starting with {@code .} or {@code _}) are left out.
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
        Map<String, List<String>> byOutput = new HashMap<>();
        List<WorkItem> items = new ArrayList<>(files.size());
        for (String file : files) {
            String output = new Path(out, baseName(new Path(file).getName()) + ".png").toString();
            if (files.contains(output)) {
                throw new UsageError("the output " + output + " is the input " + file
                        + "; colorize into an --output folder that holds none of the inputs");
            }
            byOutput.computeIfAbsent(output, k -> new ArrayList<>()).add(file);
            items.add(WorkItem.of(file, output));
        }
        return items.stream()
                .map(item -> {
                    List<String> writers = byOutput.get(item.output());
                    return writers.size() == 1
                            ? item
                            : item.withProblem(String.join(" and ", writers) + " would be written to the same file "
                                    + item.output() + "; colorize them into different folders");
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

    static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
