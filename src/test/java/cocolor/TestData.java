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

    /** The epfl_extra fixture stems, each with {@code nir/<stem>_nir.png} and {@code rgb/<stem>_rgb.png}, of odd sizes. */
    public static final List<String> EPFL_STEMS = List.of("oldbuilding_0030", "urban_0017", "urban_0020");

    private TestData() {}

    /** {@code src/test/resources/epfl_extra} as a directory on disk: sizes 146×219, 280×186, 282×187. */
    public static Path epflFixtures() {
        try {
            return Path.of(TestData.class.getResource("/epfl_extra").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Two dataset folders laid out as on the shared data: {@code root/vcip2020/train} with the VCIP
     * fixtures ({@code x_rgb_reg.png}) and {@code root/epfl_extra} with the epfl_extra fixtures
     * ({@code x_rgb.png}), of which urban_0020 is named country_0010: another photo under a stem
     * of the first folder, as epfl_extra's country_0005 is. Returns the two folders.
     */
    public static List<Path> twoFolders(Path root) {
        Path vcip = root.resolve("vcip2020/train");
        Path epfl = root.resolve("epfl_extra");
        try {
            for (String stem : FIXTURE_STEMS) {
                copy(fixtureNir(stem), vcip.resolve("nir/" + stem + "_nir.png"));
                copy(fixtureRgb(stem), vcip.resolve("rgb/" + stem + "_rgb_reg.png"));
            }
            for (String stem : EPFL_STEMS) {
                String name = stem.equals("urban_0020") ? "country_0010" : stem;
                copy(epflFixtures().resolve("nir/" + stem + "_nir.png"), epfl.resolve("nir/" + name + "_nir.png"));
                copy(epflFixtures().resolve("rgb/" + stem + "_rgb.png"), epfl.resolve("rgb/" + name + "_rgb.png"));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of(vcip, epfl);
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

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
