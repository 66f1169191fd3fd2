package cocolor.spark;

import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The job's manifest: one row per input, written by Spark as JSON lines (a folder of {@code
 * part-*.json} files, in input order when read in name order).
 *
 * <ul>
 *   <li>{@code path}: the input's URI
 *   <li>{@code output}: the PNG's URI, or null when nothing was written
 *   <li>{@code status}: {@code ok} (colorized now), {@code skipped} (a valid output existed) or
 *       {@code error}
 *   <li>{@code error}: why it failed, one line naming the file and the problem; null otherwise
 *   <li>{@code millis}: wall time spent on this input
 * </ul>
 */
final class Manifest {
    static final StructType SCHEMA =
            new StructType()
                    .add("path", DataTypes.StringType, false)
                    .add("output", DataTypes.StringType, true)
                    .add("status", DataTypes.StringType, false)
                    .add("error", DataTypes.StringType, true)
                    .add("millis", DataTypes.LongType, false);

    enum Status {
        OK,
        SKIPPED,
        ERROR;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private Manifest() {}

    static Row row(WorkItem item, Status status, String error, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        String output = status == Status.ERROR ? null : item.output();
        return RowFactory.create(item.input(), output, status.key(), error, millis);
    }
}
