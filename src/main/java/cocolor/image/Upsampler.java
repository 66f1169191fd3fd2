package cocolor.image;

/**
 * Brings a colorization made at low resolution to the resolution of its input: {@code colourLow}
 * was computed from {@code guideLow}, a reduced copy of {@code guide}; the result has {@code
 * guide}'s size and {@code colourLow}'s channels. {@link GuidedUpsampling} is one.
 */
@FunctionalInterface
public interface Upsampler {
    FloatImage upsample(FloatImage guide, FloatImage guideLow, FloatImage colourLow);
}
