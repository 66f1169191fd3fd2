package cocolor.spark;

import cocolor.base.ErrorText;
import cocolor.image.FloatImage;
import cocolor.image.Images;
import cocolor.infer.Colorizer;
import cocolor.infer.Scale;
import cocolor.recipe.Mode;
import cocolor.spark.Manifest.Status;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Runs on the executors: colorizes one partition of inputs, one after the other, and yields one
 * manifest row per input. An input that fails (unreadable, not an image, a failed write) becomes an
 * {@code error} row; a model that cannot be loaded fails the task instead, since every input would
 * fail alike (Spark retries the task, then stops the job).
 */
final class PartitionColorizer implements FlatMapFunction<Iterator<WorkItem>, Row> {
    private static volatile boolean pluginsScanned;

    private final Broadcast<SerializableConfiguration> hadoopConf;
    /** The model's name among the files shipped with {@code SparkContext.addFile}; null for the bundled model. */
    private final String modelFileName;
    private final Mode mode;
    private final Scale scale;

    PartitionColorizer(Broadcast<SerializableConfiguration> hadoopConf, String modelFileName, Mode mode, Scale scale) {
        this.hadoopConf = hadoopConf;
        this.modelFileName = modelFileName;
        this.mode = mode;
        this.scale = scale;
    }

    /** The model as this JVM holds it; also used on the driver to check the model before the job starts. */
    static Colorizer model(String modelFileName) {
        return ModelCache.get(modelFileName == null ? null : SparkFiles.get(modelFileName));
    }

    @Override
    public Iterator<Row> call(Iterator<WorkItem> items) {
        scanImagePlugins();
        Configuration conf = hadoopConf.value().value();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return items.hasNext();
            }

            @Override
            public Row next() {
                return process(items.next(), conf);
            }
        };
    }

    private Row process(WorkItem item, Configuration conf) {
        long start = System.nanoTime();
        if (item.problem() != null) {
            return Manifest.row(item, Status.ERROR, item.problem(), start);
        }
        try {
            Path in = new Path(item.input());
            Path out = new Path(item.output());
            FileSystem inFs = HadoopFiles.fileSystem(in, conf);
            FileSystem outFs = HadoopFiles.fileSystem(out, conf);
            if (OutputCheck.isDone(inFs, in, outFs, out)) {
                return Manifest.row(item, Status.SKIPPED, null, start);
            }
            // Named by file name only: the manifest row carries the full URI.
            FloatImage input = Images.readGray(HadoopFiles.readAll(inFs, in), java.nio.file.Path.of(in.getName()), Long.MAX_VALUE);
            Colorizer colorizer;
            try {
                colorizer = model(modelFileName);
            } catch (RuntimeException e) {
                throw new ModelUnavailableException(e);
            }
            HadoopFiles.writeAtomically(outFs, out, Images.encodePng(colorizer.colorize(input, mode, scale)));
            return Manifest.row(item, Status.OK, null, start);
        } catch (ModelUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return Manifest.row(item, Status.ERROR, describe(e), start);
        }
    }

    /** One line naming the problem ({@link ErrorText}); our own messages (bad images) already name the file. */
    static String describe(Throwable e) {
        return ErrorText.of(e);
    }

    /**
     * ImageIO finds its plugins (TIFF, CMYK JPEG) once per JVM, through the class loader of the
     * thread that first uses it; on an executor that may not see the job's jar. A task thread does.
     */
    private static void scanImagePlugins() {
        if (!pluginsScanned) {
            synchronized (PartitionColorizer.class) {
                if (!pluginsScanned) {
                    ImageIO.scanForPlugins();
                    pluginsScanned = true;
                }
            }
        }
    }

    private static final class ModelUnavailableException extends RuntimeException {
        ModelUnavailableException(RuntimeException cause) {
            super("cannot load the model: " + cause.getMessage(), cause);
        }
    }
}
