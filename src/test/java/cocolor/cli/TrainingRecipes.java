package cocolor.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recipe files for command-line training tests, made from {@code src/test/resources/recipes/tiny.yaml}. */
final class TrainingRecipes {
    private TrainingRecipes() {}

    /** The tiny recipe as a file in {@code dir} (a test's temporary folder, which JUnit removes). */
    static Path tiny(Path dir) {
        return withEpochs(dir, 2);
    }

    /** The tiny recipe with another number of epochs, as a file in {@code dir}. */
    static Path withEpochs(Path dir, int epochs) {
        try (InputStream in = TrainingRecipes.class.getResourceAsStream("/recipes/tiny.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String changed = yaml.replace("epochs: 2", "epochs: " + epochs);
            if (changed.equals(yaml) && epochs != 2) {
                throw new IllegalStateException("tiny.yaml no longer has 'epochs: 2'");
            }
            return Files.writeString(Files.createDirectories(dir).resolve("tiny-" + epochs + ".yaml"), changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
