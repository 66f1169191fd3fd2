package cocolor.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.TestData;
import cocolor.base.ProgressListener;
import cocolor.base.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFolderTest {
    @TempDir
    Path tmp;

    private Path split(String name, String... stemAndSplit) throws IOException {
        StringBuilder tsv = new StringBuilder("stem\tsource_group\tsplit\n");
        for (int i = 0; i < stemAndSplit.length; i += 2) {
            tsv.append(stemAndSplit[i]).append('\t').append(stemAndSplit[i]).append('\t').append(stemAndSplit[i + 1]).append('\n');
        }
        return Files.writeString(tmp.resolve(name), tsv);
    }

    private static List<String> stems(List<ImagePair> pairs) {
        return pairs.stream().map(ImagePair::stem).toList();
    }

    /**
     * VCIP names ({@code x_rgb_reg.png}) and epfl_extra names ({@code x_rgb.png}) both pair; each
     * folder's split file picks from its own pairs, and the stem both folders have stays two pairs.
     */
    @Test
    void twoFoldersEachWithItsOwnSplitNameTheirPairsByFolder() throws IOException {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path vcipSplit = split("vcip.tsv", "country_0010", "train", "country_0011", "train", "country_0019", "val");
        Path epflSplit = split("epfl.tsv", "country_0010", "train", "oldbuilding_0030", "train", "urban_0017", "val");

        List<DataFolder> folders = DataFolder.open(dirs, List.of(vcipSplit, epflSplit));

        assertEquals(List.of("vcip2020/train", "epfl_extra"), folders.stream().map(DataFolder::name).toList());
        assertEquals(List.of("vcip2020/train/country_0010", "vcip2020/train/country_0011"), stems(folders.get(0).train()));
        assertEquals(List.of("vcip2020/train/country_0019"), stems(folders.get(0).val()));
        assertEquals(List.of("epfl_extra/country_0010", "epfl_extra/oldbuilding_0030"), stems(folders.get(1).train()));
        assertEquals(List.of("epfl_extra/urban_0017"), stems(folders.get(1).val()));
        ImagePair vcip10 = folders.get(0).train().get(0);
        ImagePair epfl10 = folders.get(1).train().get(0);
        assertEquals(dirs.get(1).resolve("rgb/country_0010_rgb.png"), epfl10.rgb());
        assertNotEquals(vcip10.nir(), epfl10.nir());

        List<Sample> loaded = SampleLoader.loadPairs(folders.get(1).train(), 128, ProgressListener.NONE);
        assertEquals(List.of("epfl_extra/country_0010", "epfl_extra/oldbuilding_0030"), loaded.stream().map(Sample::name).toList());
        assertEquals(List.of(282, 187), List.of(loaded.get(0).rgb().width(), loaded.get(0).rgb().height()), "urban_0020's odd size");
    }

    @Test
    void oneFolderKeepsItsStemsAndWithoutASplitTrainsOnAll() {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        List<DataFolder> one = DataFolder.open(dirs.subList(1, 2), Arrays.asList((Path) null));
        assertEquals(List.of("country_0010", "oldbuilding_0030", "urban_0017"), stems(one.get(0).train()));
        assertEquals(List.of(), one.get(0).val());
    }

    @Test
    void aSplitFileThatNamesNoneOfItsFoldersPairsIsAnError() throws IOException {
        List<Path> dirs = TestData.twoFolders(tmp.resolve("shared"));
        Path vcipSplit = split("vcip.tsv", "country_0011", "train", "country_0019", "val");
        UserError swapped = assertThrows(UserError.class, () -> DataFolder.open(dirs, Arrays.asList(null, vcipSplit)));
        assertTrue(swapped.getMessage().contains("the split file " + vcipSplit + " assigns none of the pairs in " + dirs.get(1)),
                swapped.getMessage());

        Path valOnly = split("val.tsv", "country_0011", "val");
        UserError noTraining = assertThrows(UserError.class, () -> DataFolder.open(dirs.subList(0, 1), List.of(valOnly)));
        assertTrue(noTraining.getMessage().contains("assigns none of the pairs in " + dirs.get(0) + " to 'train'"),
                noTraining.getMessage());
        // A folder may serve validation only, as long as another one trains.
        assertEquals(2, DataFolder.open(dirs, Arrays.asList(valOnly, null)).size());
    }

    @Test
    void foldersAreNamedByTheirPathBelowTheCommonParent() {
        Path root = tmp.toAbsolutePath();
        assertEquals(List.of("vcip2020/train", "epfl_extra"),
                DataFolder.names(List.of(root.resolve("data/vcip2020/train"), root.resolve("data/./epfl_extra"))));
        assertEquals(List.of("x", "x/y"), DataFolder.names(List.of(root.resolve("x"), root.resolve("x/y"))));
        assertEquals(List.of("x/y", "x"), DataFolder.names(List.of(root.resolve("x/y"), root.resolve("x"))));
        assertEquals(List.of("train"), DataFolder.names(List.of(root.resolve("vcip2020/train"))));
        assertEquals(List.of("a/train", "b/train"), DataFolder.names(List.of(root.resolve("a/train"), root.resolve("b/train"))));
    }
}
