package cocolor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM on the test class path, for tests that kill, interrupt or watch one. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * {@code java ... mainClass args}. The children of these tests live for seconds, so the JIT stops
     * at its first tier and the collector is the serial one: a child's start and three tiny training
     * epochs took 2.7 s of CPU instead of 3.5 (three runs each, side by side, AMD EPYC, shared machine).
     */
    public static List<String> command(Class<?> mainClass, String... args) {
        return command(List.of(), mainClass, args);
    }

    /** As {@link #command(Class, String...)}, with more JVM options (such as {@code -Dname=value}). */
    public static List<String> command(List<String> jvmOptions, Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dai.djl.offline=true", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
