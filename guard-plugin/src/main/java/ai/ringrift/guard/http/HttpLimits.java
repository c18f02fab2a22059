package ai.ringrift.guard.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of one {@link BoundedHttpServer}, per server (not JVM-wide like the JDK server's
 * {@code sun.net.httpserver.*} properties, which a plugin inside a host application must not set).
 *
 * @param threads          request threads: handlers run here, never the reading of a request head
 * @param queue            complete requests waiting for a thread; beyond it a request is answered 503
 * @param maxConnections   open connections (reading a head, in a handler, or streaming); when full the
 *                         oldest connection still reading its head is closed, else the new one gets 503
 * @param headerTimeout    time from accept to a complete request head; then the connection is closed
 * @param requestTimeout   time a handler may take (body read, response written); then the connection is
 *                         closed under it (a streaming response, once started, is not limited)
 * @param maxRequestLine   bytes of the request line; beyond it 414
 * @param maxHeaderBytes   bytes of the whole request head; beyond it 431
 * @param maxHeaderCount   header lines; beyond it 431
 * @param maxBodyBytes     request body ({@code Content-Length}); beyond it 413
 */
public record HttpLimits(int threads, int queue, int maxConnections, Duration headerTimeout, Duration requestTimeout,
                         int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, int maxBodyBytes) {

    /** The defaults of the HTTP API and the dashboard. */
    public static final HttpLimits DEFAULTS = new HttpLimits(4, 32, 256, Duration.ofSeconds(5),
            Duration.ofSeconds(10), 8 * 1024, 16 * 1024, 100, 64 * 1024);

    public HttpLimits {
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        positive("threads", threads);
        positive("queue", queue);
        positive("maxConnections", maxConnections);
        positive("maxRequestLine", maxRequestLine);
        positive("maxHeaderCount", maxHeaderCount);
        positive("maxBodyBytes", maxBodyBytes);
        if (maxHeaderBytes < maxRequestLine) {
            throw new IllegalArgumentException("maxHeaderBytes (" + maxHeaderBytes
                    + ") must be at least maxRequestLine (" + maxRequestLine + ")");
        }
        if (headerTimeout.isNegative() || headerTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("headerTimeout and requestTimeout must be positive");
        }
    }

    /** The same limits with another header timeout. */
    public HttpLimits withHeaderTimeout(Duration timeout) {
        return new HttpLimits(threads, queue, maxConnections, timeout, requestTimeout, maxRequestLine,
                maxHeaderBytes, maxHeaderCount, maxBodyBytes);
    }

    /** The same limits with another connection cap. */
    public HttpLimits withMaxConnections(int max) {
        return new HttpLimits(threads, queue, max, headerTimeout, requestTimeout, maxRequestLine,
                maxHeaderBytes, maxHeaderCount, maxBodyBytes);
    }

    /** The same limits with another number of request threads. */
    public HttpLimits withThreads(int n) {
        return new HttpLimits(n, queue, maxConnections, headerTimeout, requestTimeout, maxRequestLine,
                maxHeaderBytes, maxHeaderCount, maxBodyBytes);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
