package cocolor.train;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/**
 * Weights that turned NaN while every loss was finite happened once, 28 minutes into a CoColor
 * run: DJL's {@code NDArray.mul(Number)} wraps the number in a tensor over Java memory and frees
 * it at once, but PyTorch reads that tensor again in the backward pass, so a garbage collection in
 * between made the gradient garbage ({@code TensorsTest} shows it). Every constant of a training
 * graph now goes through {@link cocolor.nn.Tensors#times}, whose tensor PyTorch owns; the trainer
 * used to replay such a run once from its checkpoint, in case. This rule is why the replay is gone:
 * no code that can run in a training graph (networks, losses, expressions, the trainer) calls an
 * NDArray method with a Java number whose backward pass reads that number. Those that do not read
 * it are allowed: a sum or difference (its gradient does not depend on the constant), a clip (it
 * takes the number by value) and comparisons (no gradient).
 */
@AnalyzeClasses(packages = {"cocolor.nn", "cocolor.loss", "cocolor.expr", "cocolor.train"},
        importOptions = ImportOption.DoNotIncludeTests.class)
class FreedConstantsTest {
    /** NDArray methods taking a Number whose gradient never reads the number. */
    private static final Set<String> SAFE = Set.of("add", "sub", "rsub", "clip", "eq", "neq", "gt", "gte", "lt", "lte");
    /**
     * Methods that never run under a gradient: the weight average's update (after the optimizer
     * step) and the clamp of a chroma image into the RGB gamut (inference only).
     */
    private static final Set<String> WITHOUT_GRADIENT = Set.of("cocolor.train.WeightAverage.update",
            "cocolor.nn.OutputSpace.intoGamut");

    private static final DescribedPredicate<JavaCall<?>> A_FREED_CONSTANT_READ_IN_BACKWARD =
            new DescribedPredicate<>("an NDArray method with a Number argument that the backward pass reads"
                    + " (use Tensors.times for x·k, or add the caller to WITHOUT_GRADIENT if it never runs under a gradient)") {
                @Override
                public boolean test(JavaCall<?> call) {
                    JavaClass owner = call.getTarget().getOwner();
                    boolean numberArgument = call.getTarget().getRawParameterTypes().stream()
                            .anyMatch(type -> type.isEquivalentTo(Number.class));
                    String caller = call.getOrigin().getOwner().getName() + "." + call.getOrigin().getName();
                    return owner.isAssignableTo("ai.djl.ndarray.NDArray") && numberArgument
                            && !SAFE.contains(call.getTarget().getName()) && !WITHOUT_GRADIENT.contains(caller);
                }
            };

    @ArchTest
    static final ArchRule noTrainingGraphReadsAFreedConstant = noClasses().should().callCodeUnitWhere(A_FREED_CONSTANT_READ_IN_BACKWARD);
}
