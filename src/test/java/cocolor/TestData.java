package cocolor;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Locations of the real test images: the bundled fixtures and the optional shared data set. */
public final class TestData {
    /** The fixture stems, each with {@code nir/<stem>_nir.png} and {@code rgb/<stem>_rgb_reg.png}. */
    public static final List<String> FIXTURE_STEMS =
            List.of("country_0010", "country_0011", "country_0019");

    private TestData() {}

    /** {@code src/test/resources/vcip2020} as a directory on disk. */
    public static Path fixtures() {
        try {
            return Path.of(TestData.class.getResource("/vcip2020").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path fixtureNir(String stem) {
        return fixtures().resolve("nir").resolve(stem + "_nir.png");
    }

    public static Path fixtureRgb(String stem) {
        return fixtures().resolve("rgb").resolve(stem + "_rgb_reg.png");
    }

    /** The full VCIP 2020 training folder at {@code ../shared/data}, if this machine has it. */
    public static Optional<Path> sharedVcipTrain() {
        Path dir = Path.of("..", "shared", "data", "vcip2020", "train").toAbsolutePath().normalize();
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
}
