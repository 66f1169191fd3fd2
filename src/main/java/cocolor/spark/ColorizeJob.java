package cocolor.spark;

import cocolor.base.UserError;
import cocolor.commandline.MissingMode;
import cocolor.commandline.ParameterMessages;
import cocolor.commandline.UsageError;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Spark batch job: colorizes every image under the inputs into {@code OUTPUT/<name>.png}, the
 * same files {@code cocolor colorize} writes, and records one manifest row per input. The driver
 * lists the inputs; the executors colorize them partition by partition, each executor JVM loading
 * the model once. Inputs whose output is already valid are skipped, so a rerun resumes; an input
 * that fails is recorded and does not stop the job.
 *
 * <pre>
 * spark-submit --class cocolor.spark.ColorizeJob cocolor-spark.jar --input hdfs:///nir --output hdfs:///rgb
 * </pre>
 */
@Command(
        name = "cocolor-spark",
        description = {
            "Colorize NIR images with Spark. Each result is OUTPUT/<input name without extension>.png.",
            "Inputs whose output already is a complete PNG of their size are skipped: rerun to resume.",
            "The manifest (JSON lines: path, output, status, error, millis) has one row per input."
        })
public final class ColorizeJob implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ColorizeJob.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** Failures named on the console; the manifest has them all. */
    static final int FAILURES_SHOWN = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "URI",
            description = "Image file, folder or glob, on any file system Hadoop knows (file:, hdfs:, s3a:, ...). Repeatable.")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "URI", description = "Output folder (created if missing).")
    String output;

    @Option(names = "--model", paramLabel = "URI",
            description = "Model file (.cocolor), local or on any Hadoop file system; shipped to the executors. Default: the bundled model.")
    String model;

    @Option(names = "--mode", defaultValue = "nir", paramLabel = "nir|gray",
            description = "What the inputs are: nir (near-infrared) or gray (black-and-white photos). Default: ${DEFAULT-VALUE}.")
    Mode mode;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "auto|native",
            description = "auto: inputs much larger than the model's training images are colorized at that scale and the colour carried"
                    + " to full resolution with the input as guide; native: at each input's own resolution. Default: ${DEFAULT-VALUE}.")
    Scale scale;

    @Option(names = {"-r", "--recursive"}, description = "Search folders recursively.")
    boolean recursive;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Number of partitions (tasks). Default: 4 per core of the application, at most one per input.")
    Integer partitions;

    @Option(names = "--manifest", paramLabel = "URI", description = "Manifest folder, replaced on every run. Default: OUTPUT/manifest.")
    String manifest;

    /** What a run did. */
    public record Summary(long colorized, long skipped, long failed, String manifest) {
        public long total() {
            return colorized + skipped + failed;
        }
    }

    /** Runs the job in {@code spark}, which stays open. */
    public Summary run(SparkSession spark) {
        if (partitions != null && partitions < 1) {
            throw new UsageError("--partitions must be at least 1, got " + partitions);
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        String manifestUri = manifest != null ? manifest : new Path(output, "manifest").toString();

        List<WorkItem> items = InputPlanner.plan(inputs, output, recursive, sc.hadoopConfiguration());
        if (items.isEmpty()) {
            throw new UserError("no images in " + String.join(", ", inputs));
        }
        String modelFileName = shipModel(sc);
        Colorizer checked = PartitionColorizer.model(modelFileName); // fail now, not in every task
        if (!checked.modes().contains(mode)) {
            throw new UserError(MissingMode.message(model == null ? "the bundled model" : model, checked.modes(), mode));
        }
        int slices = partitions != null ? partitions : Math.min(items.size(), 4 * sc.defaultParallelism());
        // Our own line, not a log line: it shows whatever the cluster's log level.
        spec.commandLine().getErr().printf("colorizing %d inputs in %d partitions into %s%n", items.size(), slices, output);
        spec.commandLine().getErr().flush();

        Broadcast<SerializableConfiguration> conf = sc.broadcast(new SerializableConfiguration(sc.hadoopConfiguration()));
        JavaRDD<Row> rows = sc.parallelize(items, slices)
                .mapPartitions(new PartitionColorizer(conf, modelFileName, mode, scale));
        spark.createDataFrame(rows, Manifest.SCHEMA)
                .write()
                .mode(SaveMode.Overwrite)
                .option("ignoreNullFields", false)
                .json(manifestUri);

        // Counted from the manifest as written, so the summary and the file always agree.
        Map<String, Long> counts = spark.read().schema(Manifest.SCHEMA).json(manifestUri)
                .groupBy("status").count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        return new Summary(
                counts.getOrDefault(Manifest.Status.OK.key(), 0L),
                counts.getOrDefault(Manifest.Status.SKIPPED.key(), 0L),
                counts.getOrDefault(Manifest.Status.ERROR.key(), 0L),
                manifestUri);
    }

    /**
     * Names the first failures on stderr, one {@code error:} line each as the manifest words them,
     * and points to the manifest for the rest: the console named no file before.
     */
    static void reportFailures(SparkSession spark, Summary s, java.io.PrintWriter err) {
        if (s.failed() == 0) {
            return;
        }
        List<Row> first = spark.read().schema(Manifest.SCHEMA).json(s.manifest())
                .filter(org.apache.spark.sql.functions.col("status").equalTo(Manifest.Status.ERROR.key()))
                .orderBy("path").limit(FAILURES_SHOWN).collectAsList();
        for (Row row : first) {
            String path = row.getAs("path");
            String error = row.getAs("error");
            String name = new Path(path).getName();
            err.println("error: " + (error.contains(name) ? error : path + ": " + error));
        }
        err.printf("%d of %d inputs failed%s; the manifest has every one with its error (status \"error\"): %s%n", s.failed(),
                s.total(), s.failed() > first.size() ? " (the first " + first.size() + " above)" : "", s.manifest());
        err.flush();
    }

    /** Ships {@code --model} to every executor; returns its name there, or null for the bundled model. */
    private String shipModel(JavaSparkContext sc) {
        if (model == null) {
            return null;
        }
        sc.addFile(model);
        return new Path(model).getName();
    }

    /**
     * Under {@code spark-submit}, or with plain {@code java}: then {@code -Dspark.master=...} picks
     * the master, {@code local[*]} by default. Exit code 0 when the job ran, even if some inputs
     * failed (see the manifest); 1 if it could not run; 2 for a bad option or an output that would
     * replace an input.
     */
    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().config(sessionConf(new SparkConf())).getOrCreate();
        try {
            Summary s = run(spark);
            System.out.printf("colorized %d, skipped %d (done before), failed %d of %d inputs into %s; manifest: %s%n",
                    s.colorized(), s.skipped(), s.failed(), s.total(), output, s.manifest());
            reportFailures(spark, s, spec.commandLine().getErr());
            return 0;
        } finally {
            spark.stop();
        }
    }

    /**
     * The job's Spark settings over {@code given} (spark-submit's, or {@code -Dspark.*}): the master
     * is {@code local[*]} unless one is given. A local run is quiet and private unless asked: Spark's
     * own log at WARN (it printed 86 lines of Jetty and Spark INFO for three images), no web UI (it
     * listened on every interface), and the driver's RPC and block manager bound to loopback (they
     * listened on the machine's address, reachable from its network); {@code spark.log.level},
     * {@code spark.ui.enabled}, {@code spark.driver.bindAddress} and {@code spark.driver.host} (or
     * {@code SPARK_LOCAL_IP}) bring them back. On a cluster the cluster's settings stand.
     */
    static SparkConf sessionConf(SparkConf given) {
        return sessionConf(given, System.getenv("SPARK_LOCAL_IP"));
    }

    static SparkConf sessionConf(SparkConf given, String sparkLocalIp) {
        SparkConf conf = given.clone().setAppName("cocolor colorize");
        conf.setIfMissing("spark.master", "local[*]");
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.log.level", "WARN");
            if (sparkLocalIp == null || sparkLocalIp.isBlank()) {
                conf.setIfMissing("spark.driver.bindAddress", LOOPBACK);
                conf.setIfMissing("spark.driver.host", LOOPBACK);
            }
        }
        return conf;
    }

    /** The job's command line, with one-line error messages; used by tests too. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ColorizeJob()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("error: " + PartitionColorizer.describe(e));
            log.debug("failure detail", e);
            return e instanceof UsageError ? 2 : 1;
        });
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + ParameterMessages.of(e));
            e.getCommandLine().getErr().println("Try 'cocolor-spark --help'.");
            return 2;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
