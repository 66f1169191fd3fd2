package cocolor;

import cocolor.base.ProgressListener;
import cocolor.data.PairedFolder;
import cocolor.data.SampleLoader;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.train.TrainData;
import cocolor.train.TrainOptions;
import cocolor.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny trained model, made once per test JVM, for tests of the commands that need one. Its
 * folder is removed when the JVM exits.
 */
public final class TinyModel {
    private static Path model;

    private TinyModel() {}

    public static Recipe recipe() {
        try (InputStream in = TinyModel.class.getResourceAsStream("/recipes/tiny.yaml")) {
            return RecipeLoader.parse(in, "tiny.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainData data(Path dir) {
        TinyData.pairs(dir, 6, 40, 48, 11);
        var samples = SampleLoader.loadPairs(PairedFolder.scan(dir), 32, ProgressListener.NONE);
        return TrainData.of(samples.subList(0, 4), samples.subList(4, 6), List.of());
    }

    public static synchronized Path get() {
        if (model == null) {
            try {
                Path dir = Files.createTempDirectory("cocolor-tiny");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "delete " + dir));
                Trainer.Result r = new Trainer(recipe(), data(dir.resolve("data")),
                        TrainOptions.in(dir.resolve("run"))).run();
                model = r.model();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return model;
    }

    /** Deletes a folder and everything in it; what cannot be deleted is left (the JVM is exiting). */
    static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // nothing more can be done while the JVM exits
        }
    }
}
