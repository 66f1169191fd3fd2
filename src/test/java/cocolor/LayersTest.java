package cocolor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The layers of docs/architecture.md, checked on the compiled classes (imports, fully qualified
 * names, every use of a type): a package uses only the packages of its own layer and the layers
 * below it, and no packages use each other in a loop.
 */
@AnalyzeClasses(packages = "cocolor", importOptions = ImportOption.DoNotIncludeTests.class)
class LayersTest {
    private static final String FOUNDATIONS = "foundations";
    private static final String DATA_AND_NETWORKS = "data and networks";
    private static final String WHAT_TO_COMPUTE = "what to compute";
    private static final String USING_A_MODEL = "using a model";
    private static final String TRAINING = "training";
    private static final String FRONT_ENDS = "front ends";

    @ArchTest
    static final ArchRule everyPackageUsesOnlyItsOwnLayerAndTheLayersBelow = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer(FOUNDATIONS).definedBy("cocolor.base..", "cocolor.image..", "cocolor.io..", "cocolor.engine..", "cocolor.video..")
            .layer(DATA_AND_NETWORKS).definedBy("cocolor.data..", "cocolor.nn..")
            .layer(WHAT_TO_COMPUTE).definedBy("cocolor.expr..", "cocolor.loss..", "cocolor.recipe..")
            .layer(USING_A_MODEL).definedBy("cocolor.eval..", "cocolor.infer..")
            .layer(TRAINING).definedBy("cocolor.train..")
            .layer(FRONT_ENDS).definedBy("cocolor.commandline..", "cocolor.cli..", "cocolor.server..", "cocolor.spark..")
            .whereLayer(FOUNDATIONS).mayNotAccessAnyLayer()
            .whereLayer(DATA_AND_NETWORKS).mayOnlyAccessLayers(FOUNDATIONS)
            .whereLayer(WHAT_TO_COMPUTE).mayOnlyAccessLayers(FOUNDATIONS, DATA_AND_NETWORKS)
            .whereLayer(USING_A_MODEL).mayOnlyAccessLayers(FOUNDATIONS, DATA_AND_NETWORKS, WHAT_TO_COMPUTE)
            .whereLayer(TRAINING).mayOnlyAccessLayers(FOUNDATIONS, DATA_AND_NETWORKS, WHAT_TO_COMPUTE, USING_A_MODEL)
            .whereLayer(FRONT_ENDS).mayOnlyAccessLayers(FOUNDATIONS, DATA_AND_NETWORKS, WHAT_TO_COMPUTE, USING_A_MODEL, TRAINING)
            .ensureAllClassesAreContainedInArchitecture();

    /**
     * The Spark job and the web service stand alone: they share with the command line only what is
     * in commandline and the layers below (the command line starts the web service, not the other
     * way round), so that cocolor-spark.jar and the server need none of cli.
     */
    @ArchTest
    static final ArchRule sparkUsesNeitherTheCommandLineNorTheServer = noClasses().that().resideInAPackage("cocolor.spark..")
            .should().dependOnClassesThat().resideInAnyPackage("cocolor.cli..", "cocolor.server..");

    @ArchTest
    static final ArchRule theServerUsesNeitherTheCommandLineNorSpark = noClasses().that().resideInAPackage("cocolor.server..")
            .should().dependOnClassesThat().resideInAnyPackage("cocolor.cli..", "cocolor.spark..");

    @ArchTest
    static final ArchRule noPackagesUseEachOtherInALoop = slices().matching("cocolor.(*)..").should().beFreeOfCycles();
}
