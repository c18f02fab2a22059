package ai.ringrift.guard.jobrunr;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jobrunr.dashboard.JobRunrApiHandler;
import org.jobrunr.dashboard.JobRunrSseHandler;
import org.jobrunr.dashboard.JobRunrStaticFileHandler;
import org.jobrunr.dashboard.server.HttpExchangeHandler;
import org.jobrunr.dashboard.server.http.RedirectHttpHandler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;

/**
 * JobRunr's dashboard, served from JobRunr's own handlers but on a server bound to one interface.
 *
 * <p>JobRunr's {@code JobRunrDashboardWebServer} binds every interface ({@code new
 * InetSocketAddress(port)}) and offers no host setting. This class registers the same handlers
 * (static files, REST API, server-sent events, the {@code /} redirect) on an {@link HttpServer}
 * bound to the configured host, loopback by default. Binding beyond loopback requires basic-auth
 * credentials.
 */
public final class LoopbackDashboard implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<HttpExchangeHandler> handlers = new ArrayList<>();

    private LoopbackDashboard(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the dashboard. */
    public static LoopbackDashboard start(StorageProvider storage, JsonMapper json, String host, int port,
                                          String user, String password) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (IOException e) {
            throw new IllegalArgumentException("dashboard.host '" + host + "' does not resolve: " + e.getMessage(), e);
        }
        boolean auth = user != null && !user.isBlank();
        if (!address.isLoopbackAddress() && !auth) {
            throw new IllegalArgumentException("dashboard.host " + host + " is not loopback: set dashboard.username "
                    + "and dashboard.password, or bind to 127.0.0.1");
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the JobRunr dashboard on " + host + ":" + port + ": "
                    + e.getMessage() + " (is the port in use? set dashboard.port)", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "ringrift-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        LoopbackDashboard d = new LoopbackDashboard(server, executor);
        BasicAuthenticator authenticator = auth ? new BasicAuthenticator("JobRunr") {
            @Override
            public boolean checkCredentials(String u, String p) {
                return user.equals(u) && password.equals(p);
            }
        } : null;
        d.register(new RedirectHttpHandler("/", "/dashboard"), null);
        d.register(new JobRunrStaticFileHandler(), authenticator);
        d.register(new JobRunrApiHandler(storage, json, false), authenticator);
        d.register(new JobRunrSseHandler(storage, json), authenticator);
        server.start();
        return d;
    }

    private void register(HttpExchangeHandler handler, BasicAuthenticator authenticator) {
        handlers.add(handler);
        HttpContext context = server.createContext(handler.getContextPath(), handler);
        if (authenticator != null) {
            context.setAuthenticator(authenticator);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String host() {
        return server.getAddress().getAddress().getHostAddress();
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:8000/dashboard}. */
    public String url() {
        return "http://" + host() + ":" + port() + "/dashboard";
    }

    @Override
    public void close() {
        for (HttpExchangeHandler h : handlers) {
            try {
                h.close();
            } catch (RuntimeException ignored) {
                // closing is best effort
            }
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
