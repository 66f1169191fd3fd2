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
}
