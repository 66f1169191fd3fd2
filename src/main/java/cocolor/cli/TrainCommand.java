package cocolor.cli;

import cocolor.base.ProgressListener;
import cocolor.commandline.UsageError;
import cocolor.data.DataFolder;
import cocolor.data.Sample;
import cocolor.data.SampleLoader;
import cocolor.data.SampleSet;
import cocolor.eval.MetricSummary;
import cocolor.eval.Validation;
import cocolor.recipe.Recipe;
import cocolor.recipe.RecipeLoader;
import cocolor.train.TrainData;
import cocolor.train.TrainOptions;
import cocolor.train.RunFolder;
import cocolor.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cocolor train}: runs a recipe on paired NIR/RGB folders. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train a colorization model on paired NIR/RGB images.",
            "DIR holds nir/ and rgb/ subfolders whose files pair by name (x_nir.png with x_rgb_reg.png or x_rgb.png, or equal names).",
            "Several --data folders train together, each with its own --split; their pairs are named folder/stem. Images of any size"
                    + " train: a batch's images share the crop size, less where one is smaller, rounded down to the networks' stride.",
            "Writes RUN_DIR/model.cocolor (final), RUN_DIR/best.cocolor (best validation PSNR; with several validation folders,"
                    + " best mean of their PSNRs), train_log.csv (then with each folder's scores too) and a resumable checkpoint."
        })
public final class TrainCommand implements Callable<Integer> {
    /** The --split value of a folder without a split file. */
    static final String NO_SPLIT = "none";

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Paired dataset folder (nir/ and rgb/). Repeatable: trains on the pairs of all the folders.")
    List<Path> data;

    @Option(names = "--split", paramLabel = "FILE|none",
            description = "Split file (stem, source_group, split columns) of the --data folder in the same position:"
                    + " trains on its 'train' rows, validates on its 'val' rows; 'none': all pairs of that folder train."
                    + " Give one per --data, or none at all: then every pair trains and nothing is validated."
                    + " The val pairs of each folder are scored and logged on their own.")
    List<String> splits = new ArrayList<>();

    @Option(names = "--photos", paramLabel = "DIR",
            description = "Folder of RGB photos (searched recursively) for the grayscale task of the CoColor recipe. Repeatable.")
    List<Path> photos = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "Run folder for the model, log and checkpoint.")
    Path out;

    @Option(names = "--recipe", paramLabel = "FILE|NAME", defaultValue = "baseline",
            completionCandidates = BuiltinRecipes.class,
            description = "Recipe YAML file, or a built-in recipe name (${COMPLETION-CANDIDATES}). Default: ${DEFAULT-VALUE}.")
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
            description = "Checkpoint every M minutes (and at the end of each stage, and on Ctrl-C or SIGTERM)."
                    + " Default: ${DEFAULT-VALUE}.")
    double checkpointMinutes;

    @Option(names = "--validate-every", paramLabel = "N", defaultValue = "1",
            description = "Score the validation split after every N-th epoch of a stage and after its last."
                    + " Default: ${DEFAULT-VALUE} (every epoch).")
    int validateEvery;

    @Option(names = "--no-progress", description = "No progress: no bar on a terminal, no progress lines in a log.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        ProgressListener progress = noProgress ? ProgressListener.NONE : ProgressDisplay.STDERR;
        Recipe r = loadRecipe(recipe);
        if (budget != null) {
            r = r.withBudget(budget.epochs, budget.minutes);
        }
        // Before any pair is loaded: an existing run is refused, and no input may be a file the run writes.
        RunFolder.refuseExistingRun(out, resume);
        if (resume && !RunFolder.holdsRun(out)) {
            System.err.println("warning: --resume: no checkpoint in " + out + " (none written there yet, or a mistyped --out);"
                    + " starting a new run");
        }
        List<Path> inputs = new ArrayList<>(initFrom);
        inputs.addAll(splitFiles());
        inputs.add(Path.of(recipe));
        for (Path output : RunFolder.outputs(out, r)) {
            for (Path input : inputs) {
                if (input != null) {
                    InputGuard.refuseOverwrite(output, input, "choose another --out");
                }
            }
        }
        int crop = r.smallestCrop();
        List<Sample> train = new ArrayList<>();
        List<SampleSet> val = new ArrayList<>();
        for (DataFolder f : DataFolder.open(data, splitFiles())) {
            List<Sample> own = f.train().isEmpty() ? List.of() : SampleLoader.loadPairs(f.train(), crop, progress);
            List<Sample> ownVal = f.val().isEmpty() ? List.of() : SampleLoader.loadPairs(f.val(), 1, progress);
            train.addAll(own);
            val.add(new SampleSet(f.name(), ownVal));
            if (data.size() > 1) {
                System.err.printf(Locale.ROOT, "%s: %d training pairs, %d validation pairs%n", f.name(), own.size(), ownVal.size());
            }
        }
        List<Sample> photoSamples = new ArrayList<>();
        for (Path p : photos) {
            photoSamples.addAll(SampleLoader.loadPhotos(p, crop, progress));
        }
        TrainData trainData = new TrainData(train, val, photoSamples);
        System.err.printf(Locale.ROOT, "recipe %s: %d training pairs, %d validation pairs, %d photos%n",
                r.name(), train.size(), trainData.val().size(), photoSamples.size());
        Trainer.Result result = new Trainer(r, trainData, TrainOptions.in(out).withResume(resume)
                .withCheckpointMinutes(checkpointMinutes).withProgress(progress).withInitFrom(initFrom)
                .withValidateEvery(validateEvery)).run();
        MetricSummary v = result.lastValidation();
        if (!result.finished()) {
            System.out.printf(Locale.ROOT, "stopped early after %.1f min of training; continue with --resume%n", result.trainMinutes());
            return 0;
        }
        System.out.printf(Locale.ROOT, "model: %s%nbest:  %s%ntrained %.1f min%n", result.model(), result.best(), result.trainMinutes());
        if (v != null) {
            System.out.printf(Locale.ROOT, "val PSNR=%.3f SSIM=%.4f AE=%.3f n=%d%n", v.psnr(), v.ssim(), v.ae(), v.count());
            List<Validation.Folder> folders = result.validation().folders();
            for (Validation.Folder f : folders) {
                if (folders.size() > 1) { // the line above is their mean
                    System.out.printf(Locale.ROOT, "  %s PSNR=%.3f SSIM=%.4f AE=%.3f n=%d, below the gray copy: %s%n", f.name(),
                            f.scores().psnr(), f.scores().ssim(), f.scores().ae(), f.scores().count(), f.belowGrayCopy().share());
                }
                f.categories().forEach((name, c) -> System.out.printf(Locale.ROOT,
                        "    %s PSNR=%.3f SSIM=%.4f AE=%.3f n=%d, below the gray copy: %s%n", name,
                        c.scores().psnr(), c.scores().ssim(), c.scores().ae(), c.scores().count(), c.belowGrayCopy().share()));
            }
        }
        return 0;
    }

    /** The split file of each --data folder, by position; null where there is none. */
    private List<Path> splitFiles() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            String s = splits.isEmpty() ? NO_SPLIT : splits.get(i);
            files.add(s.equals(NO_SPLIT) ? null : Path.of(s));
        }
        return files;
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
        if (!splits.isEmpty() && splits.size() != data.size()) {
            throw new UsageError("give one --split per --data, in the same order (got " + data.size() + " --data and "
                    + splits.size() + " --split); '--split " + NO_SPLIT + "' trains on all pairs of its folder");
        }
        Set<Path> seen = new HashSet<>();
        for (Path d : data) {
            if (!seen.add(d.toAbsolutePath().normalize())) {
                throw new UsageError("--data " + d + " is given twice");
            }
        }
    }

    /** The built-in recipe names, for the option's help. */
    static final class BuiltinRecipes implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return RecipeLoader.BUILTINS.iterator();
        }
    }

    static Recipe loadRecipe(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        if (Files.exists(p) || nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml")) {
            return RecipeLoader.load(p);
        }
        if (!RecipeLoader.isBuiltin(nameOrPath)) {
            throw new UsageError("--recipe: no recipe file or built-in recipe named '" + nameOrPath
                    + "'; built-in recipes: " + String.join(", ", RecipeLoader.BUILTINS));
        }
        return RecipeLoader.builtin(nameOrPath);
    }
}
