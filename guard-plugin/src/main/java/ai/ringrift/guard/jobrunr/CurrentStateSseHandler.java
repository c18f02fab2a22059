package ai.ringrift.guard.jobrunr;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.List;
import org.jobrunr.dashboard.JobRunrSseHandler;
import org.jobrunr.dashboard.server.sse.SseExchange;
import org.jobrunr.dashboard.sse.AbstractObjectSseExchange;
import org.jobrunr.storage.BackgroundJobServerStatus;
import org.jobrunr.storage.JobStats;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.listeners.BackgroundJobServerStatusChangeListener;
import org.jobrunr.storage.listeners.JobStatsChangeListener;
import org.jobrunr.utils.mapper.JsonMapper;

/**
 * JobRunr's server-sent events ({@code /sse/jobstats}, {@code /sse/servers}, {@code /sse/jobs/ID})
 * where a page that connects gets the current job statistics and servers as its first event. JobRunr's
 * own streams start with the statistics last broadcast in this JVM (none before the storage's first
 * tick, else possibly old ones) and the servers only on their next change, so the dashboard's
 * counters (jobs, recurring jobs, servers, "Processed N jobs") read {@code ?}, or old numbers, until
 * then. Events of one stream are written one at a time (the first one from the request thread, the
 * rest from the storage's notifier).
 */
final class CurrentStateSseHandler extends JobRunrSseHandler {

    private final StorageProvider storage;
    private final JsonMapper json;

    CurrentStateSseHandler(StorageProvider storage, JsonMapper json) {
        super(storage, json);
        this.storage = storage;
        this.json = json;
    }

    @Override
    protected SseExchange createSseExchange(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/sse/jobstats")) {
            return new Stats(exchange, storage, json);
        }
        if (path.startsWith("/sse/servers")) {
            return new Servers(exchange, storage, json);
        }
        return super.createSseExchange(exchange); // /sse/jobs/ID: JobRunr's own, it starts with the job
    }

    /** {@code /sse/jobstats}: the statistics now, then each broadcast. */
    private static final class Stats extends AbstractObjectSseExchange implements JobStatsChangeListener {
        private final StorageProvider storage;

        Stats(HttpExchange exchange, StorageProvider storage, JsonMapper json) throws IOException {
            super(exchange, json);
            this.storage = storage;
            onChange(storage.getJobStats());
            storage.addJobStorageOnChangeListener(this);
        }

        @Override
        public synchronized void onChange(JobStats stats) {
            sendObject(stats);
        }

        @Override
        public void close() {
            storage.removeJobStorageOnChangeListener(this);
            super.close();
        }
    }

    /** {@code /sse/servers}: the servers now, then each change. */
    private static final class Servers extends AbstractObjectSseExchange implements BackgroundJobServerStatusChangeListener {
        private final StorageProvider storage;

        Servers(HttpExchange exchange, StorageProvider storage, JsonMapper json) throws IOException {
            super(exchange, json);
            this.storage = storage;
            onChange(storage.getBackgroundJobServers());
            storage.addJobStorageOnChangeListener(this);
        }

        @Override
        public synchronized void onChange(List<BackgroundJobServerStatus> servers) {
            sendObject(servers);
        }

        @Override
        public void close() {
            storage.removeJobStorageOnChangeListener(this);
            super.close();
        }
    }
}
