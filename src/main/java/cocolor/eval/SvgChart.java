package cocolor.eval;

import java.util.List;
import java.util.Locale;

/** A minimal line chart as inline SVG (no JavaScript, no CDN): the demo page's training curves. */
public final class SvgChart {
    private static final int W = 420;
    private static final int H = 240;
    private static final int PAD = 44;
    /**
     * Longest title line: the chart's width less a margin, over the width of a 13-px character of a
     * sans-serif font (about 7 px). A longer title was cut off at the chart's edge ("...validation pai").
     */
    public static final int MAX_TITLE_CHARS = (W - 16) / 7;
    private static final int TITLE_LINE = 15;

    private SvgChart() {}

    /** One line through (x, y) points; NaN y values are skipped. */
    public static String line(String title, String xLabel, String yLabel, List<double[]> points, String color) {
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            if (Double.isNaN(p[1])) {
                continue;
            }
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">", W, H, W, H));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        List<String> titleLines = wrap(title, MAX_TITLE_CHARS);
        s.append("<text font-size=\"13\" text-anchor=\"middle\">");
        for (int i = 0; i < titleLines.size(); i++) {
            s.append(String.format(Locale.ROOT, "<tspan x=\"%d\" y=\"%d\">%s</tspan>", W / 2, 18 + i * TITLE_LINE,
                    HtmlReport.esc(titleLines.get(i))));
        }
        s.append("</text>");
        int top = Math.max(PAD, 18 + titleLines.size() * TITLE_LINE);
        if (minX == Double.POSITIVE_INFINITY) {
            return s.append("<text x=\"50%\" y=\"50%\" text-anchor=\"middle\" font-size=\"12\">no data</text></svg>").toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == minY) {
            maxY = minY + 1e-6;
        }
        double sx = (W - 2.0 * PAD) / (maxX - minX);
        double sy = (H - top - (double) PAD) / (maxY - minY);
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", PAD, H - PAD, W - PAD, H - PAD));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", PAD, top, PAD, H - PAD));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>", W / 2, H - 8, HtmlReport.esc(xLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\" text-anchor=\"middle\">%s</text>", H / 2, H / 2, HtmlReport.esc(yLabel)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%.3g</text>", PAD - 4, top + 4, maxY));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%.3g</text>", PAD - 4, H - PAD, minY));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"start\">%.0f</text>", PAD, H - PAD + 14, minX));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%.0f</text>", W - PAD, H - PAD + 14, maxX));
        s.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.8\" points=\"");
        for (double[] p : points) {
            if (!Double.isNaN(p[1])) {
                s.append(String.format(Locale.ROOT, "%.1f,%.1f ", PAD + (p[0] - minX) * sx, H - PAD - (p[1] - minY) * sy));
            }
        }
        return s.append("\"/></svg>").toString();
    }

    /** {@code text} in lines of at most {@code width} characters, broken between words (a longer word stands alone). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
