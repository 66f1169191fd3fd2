package cocolor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cocolor.image.FloatImage;
import cocolor.image.Images;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example in README.md must compile and run as printed. */
class ReadmeSnippetTest {
    @TempDir
    Path tmp;

    @Test
    void librarySnippetCompilesAndColorizes() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("<!-- snippet:library[^>]*-->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "README has the library snippet");
        Path src = tmp.resolve("ColorizeExample.java");
        Files.writeString(src, m.group(1));

        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        int rc = javac.run(null, null, null, "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path"), src.toString());
        assertEquals(0, rc, "snippet compiles");

        Path in = tmp.resolve("in_nir.png");
        Path out = tmp.resolve("out.png");
        Images.writePng(TinyData.smooth(45, 70, new Random(1)), in);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("ColorizeExample").getMethod("main", String[].class);
            main.invoke(null, (Object) new String[] {in.toString(), out.toString()});
        }
        FloatImage rgb = Images.readRgb(out);
        assertEquals(45, rgb.height());
        assertEquals(70, rgb.width());
    }

    /**
     * What the README says about setting up stays true: the Maven coordinate is the pom's, the jar
     * it names is the one the build makes, and the browser test's skip line is the one it prints.
     */
    @Test
    void theReadmesClassPathAndTestNotesMatchTheBuild() throws Exception {
        String readme = Files.readString(Path.of("README.md")).replaceAll("\\s+", " ");
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher coordinate = Pattern.compile("<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(pom);
        assertTrue(coordinate.find(), "the pom's coordinate");
        String gav = coordinate.group(1) + ":" + coordinate.group(2) + ":" + coordinate.group(3);
        assertTrue(readme.contains("`" + gav + "`"), "README names the Maven coordinate " + gav);
        assertTrue(pom.contains("<finalName>cocolor</finalName>") && readme.contains("`target/cocolor.jar`"),
                "README names the jar with the dependencies");
        assertTrue(readme.contains("`" + cocolor.server.WebPageBrowserTestAccess.skipLinePrefix() + " ...`"),
                "README quotes the skip line the browser test prints");
        assertTrue(readme.contains("`~/.djl.ai/pytorch/`") && readme.contains("`DJL_CACHE_DIR`"), "where the PyTorch library goes");
    }
}
