package cocolor.eval;

import cocolor.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page of results: notes about the model, optional inline-SVG charts, then
 * one or more sections of rows, one row per image (input | colorized | ground truth, with its
 * scores) and each section with its mean scores. Images are referenced by relative path, so the
 * page and its folder can be copied anywhere.
 */
public final class HtmlReport {
    /** One row: image paths relative to the page; {@code score} may be null without ground truth. */
    public record Row(String name, String input, String output, String groundTruth, ImageScore score) {}

    private final String title;
    private final List<String> notes = new ArrayList<>();
    private final List<String> charts = new ArrayList<>();
    private final List<Section> sections = new ArrayList<>(List.of(new Section(null, new ArrayList<>())));

    /** A video input and its colorization, played side by side. */
    private record Video(String heading, String note, String input, String output) {}

    private final List<Video> videos = new ArrayList<>();

    /** A table of rows under an optional heading. */
    private record Section(String heading, List<Row> rows) {}

    public HtmlReport(String title) {
        this.title = title;
    }

    public HtmlReport note(String text) {
        notes.add(text);
        return this;
    }

    /** Adds a chart as inline SVG markup (see {@link SvgChart}). */
    public HtmlReport chart(String svg) {
        charts.add(svg);
        return this;
    }

    /** Starts a new table under {@code heading}: the rows that follow go there, with their own mean. */
    public HtmlReport section(String heading) {
        if (sections.size() == 1 && sections.get(0).rows().isEmpty()) {
            sections.clear();
        }
        sections.add(new Section(heading, new ArrayList<>()));
        return this;
    }

    public HtmlReport row(Row row) {
        sections.get(sections.size() - 1).rows().add(row);
        return this;
    }

    /** Adds a video and its colorization (paths relative to the page), shown after the tables, looping side by side. */
    public HtmlReport video(String heading, String note, String input, String output) {
        videos.add(new Video(heading, note, input, output));
        return this;
    }

    public void write(Path file) throws IOException {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse}td,th{padding:6px 10px;text-align:center;border-bottom:1px solid #ddd}")
                .append("img{width:256px;image-rendering:auto}.charts svg{margin:0 1em 1em 0}.videos{display:flex;flex-wrap:wrap}.videos video{width:480px}.num{font-variant-numeric:tabular-nums}")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        for (String n : notes) {
            h.append("<p>").append(esc(n)).append("</p>\n");
        }
        if (!charts.isEmpty()) {
            h.append("<h2>Training</h2>\n<div class=\"charts\">");
            charts.forEach(h::append);
            h.append("</div>\n");
        }
        for (Section section : sections) {
            if (section.heading() != null) {
                h.append("<h2>").append(esc(section.heading())).append("</h2>\n");
            }
            appendTable(h, section.rows());
        }
        for (Video v : videos) {
            h.append("<h2>").append(esc(v.heading())).append("</h2>\n<p>").append(esc(v.note())).append("</p>\n<div class=\"videos\">");
            for (String[] clip : new String[][] {{v.input(), "input"}, {v.output(), "colorized"}}) {
                h.append("<figure><video src=\"").append(esc(clip[0]))
                        .append("\" autoplay muted loop playsinline controls></video><figcaption>").append(clip[1]).append("</figcaption></figure>");
            }
            h.append("</div>\n");
        }
        h.append("</body></html>\n");
        byte[] bytes = h.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    private static void appendTable(StringBuilder h, List<Row> rows) {
        List<ImageScore> scores = rows.stream().map(Row::score).filter(s -> s != null).toList();
        if (!scores.isEmpty()) {
            MetricSummary m = MetricSummary.mean(scores);
            h.append(String.format(Locale.ROOT,
                    "<p><b>Mean over %d images:</b> PSNR %.3f dB, SSIM %.4f, angular error %.3f°</p>%n",
                    m.count(), m.psnr(), m.ssim(), m.ae()));
        }
        h.append("<table>\n<tr><th>image</th><th>input</th><th>colorized</th><th>ground truth</th><th>PSNR</th><th>SSIM</th><th>AE</th></tr>\n");
        for (Row r : rows) {
            h.append("<tr><td>").append(esc(r.name())).append("</td>")
                    .append(img(r.input())).append(img(r.output())).append(img(r.groundTruth()));
            if (r.score() != null) {
                h.append(String.format(Locale.ROOT, "<td class=\"num\">%.3f</td><td class=\"num\">%.4f</td><td class=\"num\">%.3f°</td>",
                        r.score().psnr(), r.score().ssim(), r.score().ae()));
            } else {
                h.append("<td></td><td></td><td></td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
    }

    private static String img(String path) {
        return path == null ? "<td>—</td>" : "<td><img src=\"" + esc(path) + "\" alt=\"\"></td>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
