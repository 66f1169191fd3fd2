package cocolor.server;

/**
 * Where the server listens and what it accepts.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1} (this machine only) or {@code 0.0.0.0} (all)
 * @param port TCP port; 0 picks a free one (tests)
 */
public record ServerConfig(String host, int port, ServerLimits limits) {
    public ServerConfig {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
        }
    }
}
