package cocolor.engine;

import ai.djl.engine.Engine;

/**
 * One place that configures DJL before its PyTorch engine loads: offline mode (the CPU native
 * library is a Maven dependency, nothing may be downloaded) and thread settings.
 */
public final class EngineSetup {

    /** System property read by DJL's PyTorch engine when it loads: intra-op threads. */
    public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    /** System property read by DJL's PyTorch engine when it loads: inter-op threads. */
    public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private static volatile Engine engine;

    private EngineSetup() {}

    /** Returns the PyTorch engine, configuring it on first use. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (EngineSetup.class) {
                e = engine;
                if (e == null) {
                    setDefault("ai.djl.offline", "true");
                    setDefault("ai.djl.default_engine", "PyTorch");
                    // The TorchScript graph optimizer is irrelevant for eager blocks and logs noise.
                    setDefault("ai.djl.pytorch.graph_optimizer", "false");
                    e = Engine.getEngine("PyTorch");
                    engine = e;
                }
            }
        }
        return e;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
