package cocolor.data;

import cocolor.base.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * One paired folder of a training run, with the pairs its split file assigns to {@code train} and
 * {@code val} (without a split file, all of them train). A run may train on several folders at
 * once, each with its own split: a split keeps the source photos of one folder together, and two
 * folders share no photo. The pairs of several folders are named {@code folder/stem}, because
 * stems repeat across folders (epfl_extra's {@code country_0005} is another photo than VCIP 2020's).
 *
 * @param name the folder's path below the common parent of the run's folders, e.g.
 *     {@code vcip2020/train} and {@code epfl_extra} for {@code data/vcip2020/train} and
 *     {@code data/epfl_extra}
 */
public record DataFolder(String name, Path dir, List<ImagePair> train, List<ImagePair> val) {

    /**
     * Scans the folders and applies their split files ({@code splitFiles.get(i)} belongs to
     * {@code dirs.get(i)}; null: no split).
     *
     * @throws UserError if a folder cannot be read, a split file assigns none of its folder's
     *     pairs, or no pair at all is left to train on
     */
    public static List<DataFolder> open(List<Path> dirs, List<Path> splitFiles) {
        if (dirs.isEmpty() || dirs.size() != splitFiles.size()) {
            throw new IllegalArgumentException("one split file (or null) per folder");
        }
        List<String> names = names(dirs);
        List<DataFolder> folders = new ArrayList<>();
        for (int i = 0; i < dirs.size(); i++) {
            Path dir = dirs.get(i);
            Path splitFile = splitFiles.get(i);
            List<ImagePair> pairs = PairedFolder.scan(dir);
            List<ImagePair> train = pairs;
            List<ImagePair> val = List.of();
            if (splitFile != null) {
                Splits splits = Splits.read(splitFile);
                train = PairedFolder.select(pairs, splits, "train");
                val = PairedFolder.select(pairs, splits, "val");
                if (train.isEmpty() && val.isEmpty()) {
                    throw new UserError("the split file " + splitFile + " assigns none of the pairs in " + dir
                            + " to 'train' or 'val' (is it the split file of another folder?)");
                }
            }
            if (dirs.size() > 1) {
                String name = names.get(i);
                train = train.stream().map(p -> p.qualified(name)).toList();
                val = val.stream().map(p -> p.qualified(name)).toList();
            }
            folders.add(new DataFolder(names.get(i), dir, train, val));
        }
        if (folders.stream().allMatch(f -> f.train().isEmpty())) {
            throw new UserError(dirs.size() == 1
                    ? "the split file assigns none of the pairs in " + dirs.get(0) + " to 'train'"
                    : "the split files assign none of the pairs of the " + dirs.size() + " folders to 'train'");
        }
        return folders;
    }

    /**
     * Names for folders: each one's path below their common parent (a single folder: its own name);
     * the full paths if that leaves two names equal.
     */
    static List<String> names(List<Path> dirs) {
        List<Path> full = dirs.stream().map(d -> d.toAbsolutePath().normalize()).toList();
        Path parent = full.get(0).getParent();
        for (Path p : full) {
            while (parent != null && (!p.startsWith(parent) || p.equals(parent))) {
                parent = parent.getParent();
            }
        }
        Path common = parent;
        List<String> names = full.stream()
                .map(p -> common == null ? p.toString() : common.relativize(p).toString())
                .map(n -> n.replace(java.io.File.separatorChar, '/'))
                .toList();
        return new HashSet<>(names).size() == names.size() ? names : full.stream().map(Path::toString).toList();
    }
}
