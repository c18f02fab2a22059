package ai.ringrift.db.audit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/** An H2 TCP server on a loopback port that a test can stop and start again (same port). */
final class H2TcpServer implements AutoCloseable {

    private final int port;
    private final Path baseDir;
    private Server server;

    H2TcpServer(Path baseDir) throws IOException {
        this.baseDir = baseDir;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    String url(String name) {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/" + name;
    }

    synchronized void start() throws SQLException {
        server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists",
                "-baseDir", baseDir.toAbsolutePath().toString()).start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** A pool that gives up on a connection after 250 ms and may start while the server is down. */
    static HikariDataSource pool(String url) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername("sa");
        c.setPassword("");
        c.setMaximumPoolSize(4);
        c.setConnectionTimeout(250);
        c.setValidationTimeout(250);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }

    @Override
    public void close() {
        stop();
    }
}
