package cocolor.infer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validation scores a model file records about itself, the {@code validation} of its
 * {@link ModelInfo}: mean PSNR (dB), SSIM and angular error (degrees) over {@code images}
 * validation images.
 */
public record ValidationScores(double psnr, double ssim, double ae, int images) {
    /** As {@code model.json} holds them. */
    Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("psnr", psnr);
        json.put("ssim", ssim);
        json.put("ae", ae);
        json.put("images", images);
        return json;
    }
}
