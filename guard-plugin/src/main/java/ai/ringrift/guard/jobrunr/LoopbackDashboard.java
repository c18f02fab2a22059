package ai.ringrift.guard.jobrunr;

import ai.ringrift.guard.http.BoundedHttpServer;
import ai.ringrift.guard.http.HttpLimits;
import com.sun.net.httpserver.BasicAuthenticator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.jobrunr.dashboard.JobRunrApiHandler;
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
 * (static files, REST API, server-sent events, the {@code /} redirect) on a
 * {@link BoundedHttpServer} bound to the configured host, loopback by default, so that clients
 * that never finish their headers cannot hold its threads (JobRunr's own server is the JDK's).
 * Binding beyond loopback requires basic-auth credentials.
 */
public final class LoopbackDashboard implements AutoCloseable {

    private final BoundedHttpServer server;
    private final List<HttpExchangeHandler> handlers;

    private LoopbackDashboard(BoundedHttpServer server, List<HttpExchangeHandler> handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Starts the dashboard with the default limits ({@link HttpLimits#DEFAULTS}). */
    public static LoopbackDashboard start(StorageProvider storage, JsonMapper json, String host, int port,
                                          String user, String password) {
        return start(storage, json, host, port, user, password, HttpLimits.DEFAULTS);
    }

    /** Starts the dashboard with these connection, time and size limits. */
    public static LoopbackDashboard start(StorageProvider storage, JsonMapper json, String host, int port,
                                          String user, String password, HttpLimits limits) {
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
        BasicAuthenticator authenticator = auth ? new BasicAuthenticator("JobRunr") {
            @Override
            public boolean checkCredentials(String u, String p) {
                return user.equals(u) && password.equals(p);
            }
        } : null;
        List<HttpExchangeHandler> handlers = List.of(new RedirectHttpHandler("/", "/dashboard"),
                new JobRunrStaticFileHandler(), new JobRunrApiHandler(storage, json, false),
                new CurrentStateSseHandler(storage, json));
        List<BoundedHttpServer.Mount> mounts = new ArrayList<>();
        for (HttpExchangeHandler h : handlers) {
            mounts.add(new BoundedHttpServer.Mount(h.getContextPath(), h, h instanceof RedirectHttpHandler ? null
                    : authenticator));
        }
        try {
            return new LoopbackDashboard(BoundedHttpServer.start("ringrift-dashboard",
                    new InetSocketAddress(address, port), limits, mounts), handlers);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot start the JobRunr dashboard on " + host + ":" + port + ": "
                    + e.getCause().getMessage() + " (is the port in use? set dashboard.port)", e);
        }
    }

    public int port() {
        return server.address().getPort();
    }

    public String host() {
        return server.address().getAddress().getHostAddress();
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
        server.close();
    }
}
