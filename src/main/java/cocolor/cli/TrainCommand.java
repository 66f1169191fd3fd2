package cocolor.cli;

import cocolor.data.ImagePair;
import cocolor.data.PairedFolder;
import cocolor.data.Sample;
import cocolor.data.SampleLoader;
import cocolor.data.Splits;
import cocolor.eval.MetricSummary;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.train.TrainData;
import cocolor.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cocolor train}: runs a recipe on a paired NIR/RGB folder. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a colorization model on paired NIR/RGB images.",
            "DIR holds nir/ and rgb/ subfolders whose files pair by name (x_nir.png with x_rgb_reg.png, or equal names).",
            "Writes RUN_DIR/model.cocolor (final), RUN_DIR/best.cocolor (best validation PSNR), train_log.csv and a resumable checkpoint."
        })
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Paired dataset folder (nir/ and rgb/).")
    Path data;

    @Option(names = "--split", paramLabel = "FILE",
            description = "Split file (stem, source_group, split columns): trains on 'train' rows, validates on 'val' rows. Without it every pair trains and nothing is validated.")
    Path split;

    @Option(names = "--photos", paramLabel = "DIR",
            description = "Folder of RGB photos (searched recursively) for the grayscale task of the CoColor recipe. Repeatable.")
    List<Path> photos = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder for the model, log and checkpoint.")
    Path out;

    @Option(names = "--recipe", paramLabel = "FILE|NAME", defaultValue = "baseline",
            description = "Recipe YAML file, or a built-in recipe name (" + RecipeLoader.BUILTIN_NAMES + "). Default: ${DEFAULT-VALUE}.")
    String recipe;

    @ArgGroup(exclusive = true)
    Budget budget;

    static final class Budget {
        @Option(names = "--epochs", paramLabel = "N", description = "Train N epochs (spread over the recipe's stages).")
        Integer epochs;

        @Option(names = "--minutes", paramLabel = "M", description = "Train M minutes (spread over the recipe's stages).")
        Double minutes;
    }

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "Start a new run from the weights of a model (.cocolor) or another run's checkpoint.ckpt:"
                    + " each recipe network it holds under the same name and architecture. Repeatable; later files win."
                    + " 'default' is the bundled model, e.g. to fine-tune it on pairs of your own.")
    List<Path> initFrom = new ArrayList<>();

    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its checkpoint.")
    boolean resume;

    @Option(names = "--checkpoint-minutes", paramLabel = "M", defaultValue = "5",
            description = "Also checkpoint every M minutes inside an epoch. Default: ${DEFAULT-VALUE}.")
    double checkpointMinutes;

    @Option(names = "--validate-every", paramLabel = "N", defaultValue = "1",
            description = "Score the validation split after every N-th epoch of a stage and after its last."
                    + " Default: ${DEFAULT-VALUE} (every epoch).")
    int validateEvery;

    @Option(names = "--no-progress", description = "No progress: no bar on a terminal, no progress lines in a log.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        boolean progress = Progress.setEnabled(!noProgress);
        try {
            return train();
        } finally {
            Progress.setEnabled(progress);
        }
    }

    private int train() throws Exception {
        checkOptions();
        Recipe r = loadRecipe(recipe);
        if (budget != null) {
            r = r.withBudget(budget.epochs, budget.minutes);
        }
        // Before any pair is loaded: an existing run is refused, and no input may be a file the run writes.
        Trainer.checkRunFolder(out, resume);
        List<Path> inputs = new ArrayList<>(initFrom);
        inputs.add(split);
        inputs.add(Path.of(recipe));
        for (Path output : Trainer.outputs(out, r)) {
            for (Path input : inputs) {
                if (input != null) {
                    InputGuard.refuseOverwrite(output, input, "choose another --out");
                }
            }
        }
        List<ImagePair> pairs = PairedFolder.scan(data);
        List<ImagePair> trainPairs = pairs;
        List<ImagePair> valPairs = List.of();
        if (split != null) {
            Splits splits = Splits.read(split);
            trainPairs = PairedFolder.select(pairs, splits, "train");
            valPairs = PairedFolder.select(pairs, splits, "val");
            if (trainPairs.isEmpty()) {
                throw new UserError("the split file assigns none of the pairs in " + data + " to 'train'");
            }
        }
        int crop = r.smallestCrop();
        List<Sample> train = SampleLoader.loadPairs(trainPairs, crop);
        List<Sample> val = valPairs.isEmpty() ? List.of() : SampleLoader.loadPairs(valPairs, 1);
        List<Sample> photoSamples = new ArrayList<>();
        for (Path p : photos) {
            photoSamples.addAll(SampleLoader.loadPhotos(p, crop));
        }
        System.err.printf(Locale.ROOT, "recipe %s: %d training pairs, %d validation pairs, %d photos%n",
                r.name(), train.size(), val.size(), photoSamples.size());
        Trainer.Result result = Trainer.runReplayingOnce(r, new TrainData(train, val, photoSamples),
                new Trainer.Options(out, resume, checkpointMinutes, !noProgress, 0, initFrom, validateEvery));
        MetricSummary v = result.lastValidation();
        if (!result.finished()) {
            System.out.printf(Locale.ROOT, "stopped early after %.1f min of training; continue with --resume%n", result.trainMinutes());
            return 0;
        }
        System.out.printf(Locale.ROOT, "model: %s%nbest:  %s%ntrained %.1f min%n", result.model(), result.best(), result.trainMinutes());
        if (v != null) {
            System.out.printf(Locale.ROOT, "val PSNR=%.3f SSIM=%.4f AE=%.3f n=%d%n", v.psnr(), v.ssim(), v.ae(), v.count());
        }
        return 0;
    }

    /** Rejects option values that cannot work, before anything is loaded (exit code 2). */
    private void checkOptions() {
        if (budget != null && budget.epochs != null && budget.epochs <= 0) {
            throw new UsageError("--epochs must be a whole number of at least 1, got " + budget.epochs);
        }
        if (budget != null && budget.minutes != null && !(budget.minutes > 0 && Double.isFinite(budget.minutes))) {
            throw new UsageError("--minutes must be a number greater than 0 (fractions allowed), got " + budget.minutes);
        }
        if (!(checkpointMinutes > 0 && Double.isFinite(checkpointMinutes))) {
            throw new UsageError("--checkpoint-minutes must be a number greater than 0 (fractions allowed, e.g. 0.5), got "
                    + checkpointMinutes);
        }
        if (validateEvery < 1) {
            throw new UsageError("--validate-every must be a whole number of at least 1, got " + validateEvery);
        }
    }

    static Recipe loadRecipe(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.exists(p) || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            return RecipeLoader.load(p);
        }
        return RecipeLoader.builtin(nameOrPath);
    }
}
