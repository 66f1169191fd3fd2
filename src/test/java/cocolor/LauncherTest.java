package cocolor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./cocolor} launcher, in a copy of the checkout whose {@code mvn} and {@code java} are
 * stand-ins: a build that fails when another one runs at the same time (as two Maven builds into
 * one target/ do) and a JVM that only says it ran.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void twoLaunchesThatFindABuildDueBothSucceedWithOneBuild() throws Exception {
        Path checkout = Files.createDirectories(tmp.resolve("checkout"));
        Files.copy(Path.of("cocolor"), checkout.resolve("cocolor"));
        Files.copy(Path.of("runtime-env.sh"), checkout.resolve("runtime-env.sh"));
        Files.createDirectories(checkout.resolve("src/main"));
        Files.createDirectories(checkout.resolve("recipes"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path builds = tmp.resolve("builds.txt");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        script(bin.resolve("mvn"), """
                #!/usr/bin/env bash
                echo build >> "%s"
                mkdir -p target
                mkdir target/.building || { echo "target/ is being built by another Maven" >&2; exit 1; }
                sleep 1
                echo jar > target/cocolor.jar
                rmdir target/.building
                """.formatted(builds));
        script(bin.resolve("java"), "#!/usr/bin/env bash\necho \"ran $*\"\n");

        List<Process> launches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = new ProcessBuilder("bash", checkout.resolve("cocolor").toString(), "--version")
                    .redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            launches.add(pb.start());
        }
        for (Process p : launches) {
            assertTrue(p.waitFor(1, TimeUnit.MINUTES), "a launch did not end");
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            assertTrue(output.contains("ran ") && output.contains("--version"), output);
        }
        assertEquals(List.of("build"), Files.readAllLines(builds), "the second launch used the first one's build");
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The OpenMP settings runtime-env.sh exports given {@code env}: OMP_WAIT_POLICY and GOMP_SPINCOUNT. */
    private static String waitSettings(String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c",
                "source runtime-env.sh; echo \"${OMP_WAIT_POLICY:-unset} ${GOMP_SPINCOUNT:-unset}\"").redirectErrorStream(true);
        pb.environment().remove("OMP_WAIT_POLICY");
        pb.environment().remove("GOMP_SPINCOUNT");
        pb.environment().remove("COCOLOR_SPIN");
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        Process p = pb.start();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void idleOpenMpWorkersSleepUnlessTheUserSaysTheMachineIsTheirs() throws Exception {
        assertEquals("PASSIVE unset", waitSettings());
        assertEquals("unset 10000", waitSettings("COCOLOR_SPIN", "1"));
        assertEquals("ACTIVE unset", waitSettings("COCOLOR_SPIN", "1", "OMP_WAIT_POLICY", "ACTIVE"), "an explicit policy wins");
    }
}
