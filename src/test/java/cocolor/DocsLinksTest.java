package cocolor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md is the front door and docs/ the house guide: every relative link between them must
 * lead somewhere, to a file that exists and, with {@code #anchor}, to a heading of that file as
 * GitHub names it. Moving a section to another page breaks its anchors silently otherwise.
 */
class DocsLinksTest {
    /** The front door stays short; the rest belongs in docs/. */
    static final int README_MAX_LINES = 200;

    @TempDir
    Path tmp;

    @Test
    void everyRelativeLinkInTheReadmeAndDocsLeadsToAnExistingFileAndHeading() throws IOException {
        List<String> broken = brokenLinks(pages(Path.of(".")));
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void theReadmeHasAtMost200Lines() throws IOException {
        long lines = Files.readAllLines(Path.of("README.md")).size();
        assertTrue(lines <= README_MAX_LINES,
                "README.md has " + lines + " lines; move detail to docs/ to keep it at " + README_MAX_LINES + " or fewer");
    }

    @Test
    void theReadmeLinksEveryDocsPage() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            List<String> unlinked = docs.map(p -> "docs/" + p.getFileName())
                    .filter(p -> p.endsWith(".md") && !readme.contains("](" + p + ")"))
                    .sorted().toList();
            assertTrue(unlinked.isEmpty(), "docs pages the README does not link: " + unlinked);
        }
    }

    @Test
    void aMissingFileAMissingHeadingAndALinkInsideCodeAreToldApart() throws IOException {
        Files.createDirectories(tmp.resolve("docs"));
        Files.writeString(tmp.resolve("README.md"), """
                # Title
                ## Use it from Java
                See [the guide](docs/guide.md#step-2-train), [gone](docs/gone.md), [self](#use-it-from-java),
                [nowhere](#no-such-heading) and [the web](https://example.org/x.md).
                `[not a link](in-code.md)`
                ```
                [not a link either](in-fence.md)
                ## not a heading
                ```
                """);
        Files.writeString(tmp.resolve("docs/guide.md"), """
                # Guide
                ## Step 1: set up
                ## Step 2, train
                [back](../README.md#not-a-heading)
                """);
        List<String> broken = brokenLinks(pages(tmp));
        assertEquals(List.of(
                "README.md: (docs/gone.md): no such file",
                "README.md: (#no-such-heading): no heading with this anchor in README.md",
                "docs/guide.md: (../README.md#not-a-heading): no heading with this anchor in README.md"),
                broken);
    }

    @Test
    void headingsGetGitHubsAnchors() {
        assertEquals(List.of("training-throughput-djl-vs-pytorch", "the-run-folder-checkpoints-and-resume",
                        "ablation-at-equal-budget", "why-the-full-method-loses-on-this-machine-measured",
                        "web-page-and-rest-api", "step-2---resume", "data-and-citations", "data-and-citations-1"),
                anchors("""
                        ## Training throughput, DJL vs PyTorch
                        ## The run folder, checkpoints and resume
                        ### Ablation at equal budget
                        ## Why the full method loses on this machine, measured
                        # Web page and REST API
                        ## Step 2: `--resume`
                        ## Data and citations
                        ## Data and citations
                        """));
    }

    // --- the checker ---

    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\n]*`");
    /** An inline link or image: [text](target) or [text](target "title"). */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*([^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern NOT_IN_SLUG = Pattern.compile("[^\\p{L}\\p{M}\\p{N}\\p{Pc}\\- ]");
    private static final Pattern INLINE_LINK_TEXT = Pattern.compile("!?\\[([^\\]]*)\\]\\([^)]*\\)");

    /** README.md and docs/*.md under {@code root}. */
    static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** One line per broken link: page, target, and what is wrong, relative to the first page's folder. */
    static List<String> brokenLinks(List<Path> pages) {
        Path root = pages.get(0).toAbsolutePath().normalize().getParent();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            Path from = page.toAbsolutePath().normalize();
            String name = root.relativize(from).toString();
            Matcher m = LINK.matcher(CODE_SPAN.matcher(withoutFences(read(from))).replaceAll("code"));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("//")) {
                    continue; // http:, https:, mailto: ...: not ours to check
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path to = file.isEmpty() ? from : from.getParent().resolve(file).normalize();
                if (!Files.exists(to)) {
                    broken.add(name + ": (" + target + "): no such file");
                } else if (hash >= 0 && !anchorsByFile.computeIfAbsent(to, p -> new HashSet<>(anchors(read(p))))
                        .contains(target.substring(hash + 1))) {
                    broken.add(name + ": (" + target + "): no heading with this anchor in " + root.relativize(to));
                }
            }
        }
        return broken;
    }

    /**
     * The anchors GitHub gives a page's headings, in order: the heading's text (link markup
     * reduced to its text, code marks dropped) lower-cased, every character but letters, digits,
     * '_', '-' and spaces removed, spaces turned into '-'; a repeated anchor gets "-1", "-2", ...
     */
    static List<String> anchors(String markdown) {
        List<String> anchors = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        Matcher m = HEADING.matcher(withoutFences(markdown));
        while (m.find()) {
            String text = INLINE_LINK_TEXT.matcher(m.group(1)).replaceAll("$1");
            String slug = NOT_IN_SLUG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll("").replace(' ', '-');
            int n = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(n == 0 ? slug : slug + "-" + n);
        }
        return anchors;
    }

    private static String withoutFences(String markdown) {
        return FENCE.matcher(markdown).replaceAll("");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
