package cocolor.nn;

import ai.djl.nn.Parameter;
import java.util.Set;

/**
 * A part of a network that starts from weights shipped in the jar (as {@link MobileNetV1} does):
 * a model file names the shipped copy instead of carrying the parameters that still hold it, and
 * the part restores them when it is built.
 */
public interface Pretrained {
    /** The parameters (by identity) that hold the shipped weights unchanged and do not learn. */
    Set<Parameter> shippedUnchanged();

    /**
     * The parameters (by identity) that do not learn: a part just built holds the shipped weights
     * there, so reading a model file needs no comparison with them ({@link #shippedUnchanged} is
     * for writing one).
     */
    Set<Parameter> frozen();
}
