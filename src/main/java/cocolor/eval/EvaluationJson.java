package cocolor.eval;

import cocolor.io.AtomicFiles;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes an {@link EvaluationResult} as a JSON report (mean first, then per image), atomically. */
public final class EvaluationJson {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    // AtomicFiles owns the stream and closes it after the rename decision.
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private EvaluationJson() {}

    public static void write(EvaluationResult result, Path predDir, Path gtDir, Path file)
            throws IOException {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("prediction_dir", predDir.toString());
        report.put("ground_truth_dir", gtDir.toString());
        report.put("mean", result.mean());
        report.put("images", result.scores());
        report.put("skipped", result.skipped());
        report.put("prediction_only", result.predictionOnly());
        report.put("ground_truth_only", result.groundTruthOnly());
        AtomicFiles.write(file, out -> MAPPER.writeValue(out, report));
    }
}
