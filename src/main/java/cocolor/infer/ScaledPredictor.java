package cocolor.infer;

import cocolor.image.FloatImage;
import cocolor.image.GuidedUpsampling;
import cocolor.image.Luminance;
import cocolor.image.Resample;
import cocolor.image.Upsampler;
import java.util.ArrayList;
import java.util.List;

/**
 * Colorizes at the model's working scale: an input much larger than the model's training images
 * ({@link WorkingScale#reduces}) is reduced to about their scale by area averaging, colorized
 * whole, and brought back to its own size by an {@link Upsampler} guided by the input, so that
 * colours come from a view of the whole scene and edges and texture from the input. Other inputs,
 * and every input at {@link Scale#NATIVE}, are colorized at their own resolution ({@link
 * Predictor}, in seam-free tiles above a megapixel).
 */
public final class ScaledPredictor {
    /**
     * How colour decided at the working scale is carried to full resolution: enlarged, with the
     * input's detail added at the local slope of colour against input, fitted in 3×3 windows at the
     * working scale. Radius 1 and eps 3e-4 score best or within 0.13 dB of the best of a grid
     * (radius 1–4, eps 1e-4–1e-2) on real detail, with and without noise on the NIR
     * (docs/large-images.md).
     */
    public static final GuidedUpsampling UPSAMPLING = new GuidedUpsampling(1, 3e-4);

    private final Predictor predictor;
    private final WorkingScale workingScale;
    private final Upsampler upsampler;
    private final boolean keepLuminance;

    public ScaledPredictor(Predictor predictor, WorkingScale workingScale, Upsampler upsampler) {
        this(predictor, workingScale, upsampler, false);
    }

    /**
     * {@code keepLuminance}: the outputs' luminance is the input, exactly ({@link Luminance}), as
     * gray mode promises: a chroma head keeps it at the scale it colorizes at, but the colour
     * carried back from the working scale, or an RGB head, would not.
     */
    public ScaledPredictor(Predictor predictor, WorkingScale workingScale, Upsampler upsampler, boolean keepLuminance) {
        this.predictor = predictor;
        this.workingScale = workingScale;
        this.upsampler = upsampler;
        this.keepLuminance = keepLuminance;
    }

    public WorkingScale workingScale() {
        return workingScale;
    }

    /** Colorizes one-channel inputs of one size (in one batch when there are several). */
    public List<FloatImage> predict(List<FloatImage> inputs, Scale scale) {
        List<FloatImage> reduced = inputs.stream().map(in -> reduce(in, scale)).toList();
        List<FloatImage> colour = reduced.size() == 1 ? List.of(predictor.predict(reduced.get(0))) : predictor.predict(reduced);
        List<FloatImage> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(finish(inputs.get(i), reduced.get(i), colour.get(i)));
        }
        return out;
    }

    /**
     * The copy of a one-channel input that colour is decided on: reduced to the working scale if
     * {@code scale} and its size call for it, else the input itself.
     */
    public FloatImage reduce(FloatImage input, Scale scale) {
        if (scale == Scale.NATIVE || !workingScale.reduces(input.height(), input.width())) {
            return input;
        }
        int[] size = workingScale.reducedSize(input.height(), input.width());
        return Resample.area(input, size[0], size[1]);
    }

    /** The network's colour for a {@link #reduce reduced} input, at its size. */
    public FloatImage colour(FloatImage reduced) {
        return predictor.predict(reduced);
    }

    /**
     * The result for {@code input} from the colour decided on its {@link #reduce reduced} copy:
     * carried to full resolution if it was reduced, and with the input's luminance in gray mode.
     */
    public FloatImage finish(FloatImage input, FloatImage reduced, FloatImage colourLow) {
        return finish(input, reduced, colourLow, null);
    }

    /**
     * As {@link #finish(FloatImage, FloatImage, FloatImage)}, with the guided upsampling's slopes
     * given if {@code slopes} is not null (see {@link GuidedUpsampling#upsample(FloatImage,
     * FloatImage, FloatImage, float[][])}).
     */
    public FloatImage finish(FloatImage input, FloatImage reduced, FloatImage colourLow, float[][] slopes) {
        FloatImage colour = reduced == input ? colourLow
                : slopes != null && upsampler instanceof GuidedUpsampling guided ? guided.upsample(input, reduced, colourLow, slopes)
                : upsampler.upsample(input, reduced, colourLow);
        return keepLuminance ? Luminance.replace(colour, input) : colour;
    }
}
