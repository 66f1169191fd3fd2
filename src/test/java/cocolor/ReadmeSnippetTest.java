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
}
