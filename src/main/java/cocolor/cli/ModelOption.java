package cocolor.cli;

import cocolor.infer.Colorizer;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --model FILE} option shared by the commands that colorize. */
public final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "Model file (.cocolor). Default: the bundled model.")
    Path model;

    public Colorizer load() {
        return model == null ? Colorizer.loadDefault() : Colorizer.load(model);
    }

    public String describe() {
        return model == null ? "bundled model" : model.toString();
    }
}
