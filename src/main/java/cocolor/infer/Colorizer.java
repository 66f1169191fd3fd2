package cocolor.infer;

import ai.djl.ndarray.NDManager;
import cocolor.base.UserError;
import cocolor.engine.EngineSetup;
import cocolor.engine.NativeWork;
import cocolor.expr.Expr;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.nn.Networks;
import cocolor.recipe.Mode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The library API: load a model once, colorize many images.
 *
 * <pre>{@code
 * try (Colorizer colorizer = Colorizer.loadDefault()) {
 *     FloatImage rgb = colorizer.colorize(Images.readGray(Path.of("scene_nir.png")));
 *     Images.writePng(rgb, Path.of("scene.png"));
 * }
 * }</pre>
 *
 * A model colorizes in one {@link Mode} or both ({@link #modes}): NIR images, or grayscale photos
 * with {@code colorize(photo, Mode.GRAY)}. Results have the input's size. By default ({@link Scale#AUTO}) an input much larger than the
 * model's training images is colorized at their scale and the colour carried to full resolution
 * with the input as guide ({@link ScaledPredictor}); {@link Scale#NATIVE} colorizes at the input's
 * own resolution.
 *
 * <p>Thread-safe: calls are serialized, since the engine already uses every core for one image.
 */
public final class Colorizer implements AutoCloseable {
    /** Class-path location of the bundled default model. */
    public static final String DEFAULT_MODEL_RESOURCE = "/models/default.cocolor";

    private final NDManager manager;
    private final ModelInfo info;
    private final String trainingLog;
    private final String referenceLog;
    private final Map<Mode, ScaledPredictor> predictors = new EnumMap<>(Mode.class);

    private Colorizer(NDManager manager, ModelFile.Loaded loaded) {
        this(manager, loaded, null);
    }

    /** {@code fallback}: null, or the scale of {@link #withFallback} given to every mode. */
    private Colorizer(NDManager manager, ModelFile.Loaded loaded, Double fallback) {
        this.manager = manager;
        this.info = loaded.info();
        this.trainingLog = loaded.trainingLog();
        this.referenceLog = loaded.referenceLog();
        // Batch norms folded into the convolutions once, here: faster, same outputs.
        Networks inference = loaded.networks().folded(manager);
        WorkingScale workingScale = new WorkingScale(info.imageSize());
        for (Mode m : Mode.values()) {
            Expr expr = info.modes().get(m);
            if (expr != null && fallback != null) {
                expr = withFallback(expr, m.key(), fallback);
            }
            if (expr != null) {
                predictors.put(m, new ScaledPredictor(new Predictor(inference, expr, manager), workingScale, ScaledPredictor.UPSAMPLING,
                        m == Mode.GRAY));
            }
        }
    }

    /** Loads a {@code .cocolor} model file. */
    public static Colorizer load(Path modelFile) {
        return load(modelFile, null);
    }

    /**
     * Loads a model file whose modes, if {@code fallback} is not null, fall back toward the
     * input's gray where the network is unsure ({@link #withFallback}).
     */
    public static Colorizer load(Path modelFile, Double fallback) {
        NDManager manager = EngineSetup.engine().newBaseManager();
        try {
            return new Colorizer(manager, ModelFile.load(modelFile, manager), fallback);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Loads the model bundled with cocolor. */
    public static Colorizer loadDefault() {
        return loadDefault(null);
    }

    /** The bundled model, with {@link #withFallback} of {@code fallback} if it is not null. */
    public static Colorizer loadDefault(Double fallback) {
        NDManager manager = EngineSetup.engine().newBaseManager();
        try {
            return new Colorizer(manager, ModelFile.loadBundled(manager)
                    .orElseThrow(() -> new UserError("this build has no bundled model; pass --model FILE")), fallback);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * A mode's expression {@code e} of input {@code input}, colorizing the image and its mirror
     * and falling back toward the input's gray where the two disagree:
     * {@code fallback(e, hflip(e with hflip(input)), input, tau)} (see {@code Graph.fallback}).
     * Twice the work of {@code e}. A model can carry such an expression as its mode
     * ({@code cocolor export --nir}).
     */
    public static Expr withFallback(Expr e, String input, double tau) {
        Expr mirrored = new Expr.Call("hflip", List.of(e.substitute(input, new Expr.Call("hflip", List.of(new Expr.Input(input))))));
        return new Expr.Call("fallback", List.of(e, mirrored, new Expr.Input(input), new Expr.Constant(tau)));
    }

    public ModelInfo info() {
        return info;
    }

    /** The CSV log of the run that trained this model, if the model file carries it. */
    public java.util.Optional<String> trainingLog() {
        return java.util.Optional.ofNullable(trainingLog);
    }

    /**
     * For a model trained without a validation split: the CSV log of a run of the same recipe that
     * had one, if the model file carries it (see {@code cocolor export --reference-log}).
     */
    public java.util.Optional<String> referenceLog() {
        return java.util.Optional.ofNullable(referenceLog);
    }

    public Set<Mode> modes() {
        return predictors.keySet();
    }

    /** The scale this model colorizes at ({@link Scale#AUTO} reduces much larger inputs to it). */
    public WorkingScale workingScale() {
        return new WorkingScale(info.imageSize());
    }

    /** Colorizes a NIR image (one channel; a colour image is reduced to its luma first). */
    public FloatImage colorize(FloatImage nir) {
        return colorize(nir, Mode.NIR);
    }

    /** Colorizes at {@link Scale#AUTO}; the result has the input's size. */
    public FloatImage colorize(FloatImage input, Mode mode) {
        return colorize(input, mode, Scale.AUTO);
    }

    public synchronized FloatImage colorize(FloatImage input, Mode mode, Scale scale) {
        return predictor(mode).predict(List.of(input.toGray()), scale).get(0);
    }

    /**
     * Colorizes images of one size in one batch (faster per image for small images; large ones
     * should go through {@link #colorize(FloatImage, Mode, Scale)}, which tiles at native scale).
     */
    public synchronized List<FloatImage> colorizeBatch(List<FloatImage> inputs, Mode mode, Scale scale) {
        return predictor(mode).predict(inputs.stream().map(FloatImage::toGray).toList(), scale);
    }

    /**
     * A colorizer for the frames of one video, in order: {@code temporal} carries each frame's
     * colour decision to the next ({@link ClipColorizer}), else every frame is colorized on its
     * own, exactly as {@link #colorize(FloatImage, Mode, Scale)} would.
     */
    public ClipColorizer clip(Mode mode, Scale scale, boolean temporal) {
        return clip(mode, scale, temporal ? ClipColorizer.Temporal.DEFAULT : null);
    }

    /** As {@link #clip(Mode, Scale, boolean)} with the temporal method's settings given (null: per frame). */
    public ClipColorizer clip(Mode mode, Scale scale, ClipColorizer.Temporal temporal) {
        return new ClipColorizer(this, predictor(mode), scale, temporal);
    }

    /** The network's colour of an already {@link ScaledPredictor#reduce reduced} frame. */
    synchronized FloatImage colourOf(ScaledPredictor predictor, FloatImage reduced) {
        return NativeWork.run(() -> predictor.colour(reduced));
    }

    private ScaledPredictor predictor(Mode mode) {
        ScaledPredictor p = predictors.get(mode);
        if (p == null) {
            throw new UserError("this model has no '" + mode + "' mode; it has " + info.modes().keySet());
        }
        return p;
    }

    public BufferedImage colorize(BufferedImage input, Mode mode) {
        return colorize(input, mode, Scale.AUTO);
    }

    public BufferedImage colorize(BufferedImage input, Mode mode, Scale scale) {
        return Images.toBufferedImage(colorize(Images.fromBufferedImage(input, 1), mode, scale));
    }

    @Override
    public void close() {
        manager.close();
    }
}
