package ai.ringrift.guard.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP/1.1 server with limits of its own ({@link HttpLimits}), serving JDK
 * {@link HttpHandler}s (the guard's API and JobRunr's dashboard handlers run unchanged).
 *
 * <p>Why not the JDK's {@code HttpServer}: its dispatcher hands a connection to the executor as soon
 * as the first byte arrives, and the executor thread then reads the request head in blocking mode
 * with no deadline; two clients that never finish their headers hold two threads for good. Its only
 * limits ({@code sun.net.httpserver.maxReqTime}, {@code maxReqHeaders}, {@code maxConnections} ...)
 * are system properties read once per JVM, which a plugin inside a host application can neither
 * set for itself nor set without changing the host's servers. Jetty would hold, but would put a
 * Jetty version on every host application's class path.
 *
 * <p>How this one holds: one selector thread accepts and reads every request head without
 * blocking, against a deadline and size limits (414 for a long request line, 431 for long or many
 * headers); only a complete request reaches the bounded pool of request threads, and a handler
 * that takes longer than the request timeout has its connection closed and its thread interrupted. Every response carries
 * {@code Connection: close} (one request per connection, so no idle keep-alive connections to
 * manage). HEAD runs the handler as GET and sends the headers without the body.
 */
public final class BoundedHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoundedHttpServer.class);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int DRAIN_BYTES = 1 << 20;

    /** A handler mounted at a path prefix, with an optional authenticator. */
    public record Mount(String path, HttpHandler handler, Authenticator authenticator) {
        public Mount {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(handler, "handler");
        }
    }

    private final String name;
    private final HttpLimits limits;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final List<Mount> mounts;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService watchdog;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ArrayDeque<Connection> reading = new ArrayDeque<>(); // selector thread only, oldest first
    private final ArrayDeque<Connection> draining = new ArrayDeque<>(); // selector thread only, oldest first
    private final ByteBuffer scratch = ByteBuffer.allocate(8192);
    private final Thread loop;
    private volatile boolean closed;

    private BoundedHttpServer(String name, HttpLimits limits, ServerSocketChannel listener, Selector selector,
                              List<Mount> mounts) {
        this.name = name;
        this.limits = limits;
        this.listener = listener;
        this.selector = selector;
        List<Mount> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparingInt((Mount m) -> m.path().length()).reversed());
        this.mounts = List.copyOf(sorted);
        this.workers = new ThreadPoolExecutor(limits.threads(), limits.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(limits.queue()), new Threads(name + "-"), new ThreadPoolExecutor.AbortPolicy());
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, new Threads(name + "-watchdog"));
        w.setRemoveOnCancelPolicy(true);
        this.watchdog = w;
        this.loop = new Threads(name + "-accept").newThread(this::run);
    }

    /**
     * Binds {@code address} and starts serving {@code mounts} (longest matching path prefix wins;
     * no match is 404).
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static BoundedHttpServer start(String name, InetSocketAddress address, HttpLimits limits,
                                          List<Mount> mounts) {
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(address, 128);
            listener.configureBlocking(false);
            Selector selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            BoundedHttpServer server = new BoundedHttpServer(name, limits, listener, selector, mounts);
            server.loop.start();
            return server;
        } catch (IOException e) {
            closeQuietly(listener);
            throw new UncheckedIOException(e);
        }
    }

    /** The address actually bound (the chosen port when asked for 0). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Open connections, for tests and status. */
    public int openConnections() {
        return open.size();
    }

    public HttpLimits limits() {
        return limits;
    }

    /** Stops accepting, closes every connection and stops the request threads. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
        watchdog.shutdownNow();
        for (Connection c : open) {
            c.close();
        }
    }

    private void run() {
        try {
            while (!closed) {
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        acceptAll();
                    } else if (key.isReadable()) {
                        Connection c = (Connection) key.attachment();
                        if (c.draining) {
                            drain(c);
                        } else {
                            readHead(c);
                        }
                    }
                }
                expire(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.error("{}: the accept loop stopped: {}", name, e.toString());
            }
        } finally {
            closeQuietly(listener);
            reading.forEach(Connection::close);
            draining.forEach(Connection::close);
            closeQuietly(selector);
        }
    }

    private void acceptAll() throws IOException {
        SocketChannel ch;
        while ((ch = listener.accept()) != null) {
            if (open.size() >= limits.maxConnections()) {
                Connection oldest = reading.pollFirst();
                if (oldest != null) {
                    LOG.debug("{}: {} connections open; closing the oldest one still sending its headers", name,
                            open.size());
                    oldest.close();
                } else {
                    refuseAtOnce(ch);
                    continue;
                }
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Connection c = new Connection(ch, System.nanoTime() + limits.headerTimeout().toNanos(),
                        limits.maxHeaderBytes() + 1);
                open.add(c);
                reading.addLast(c);
                c.key = ch.register(selector, SelectionKey.OP_READ, c);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    private void readHead(Connection c) {
        RequestHead head;
        try {
            int n = c.channel.read(c.buffer);
            if (n < 0) {
                reading.remove(c);
                c.close();
                return;
            }
            c.buffer.flip();
            head = c.scanner.scan(c.buffer);
            if (head == null) {
                c.buffer.position(c.buffer.limit()).limit(c.buffer.capacity());
                return;
            }
        } catch (RequestHead.Refusal r) {
            reading.remove(c);
            refuse(c, r.status, r.getMessage());
            return;
        } catch (IOException e) {
            reading.remove(c);
            c.close();
            return;
        }
        reading.remove(c);
        c.key.cancel();
        ByteBuffer rest = c.buffer.position(head.headLength()).slice();
        try {
            c.channel.configureBlocking(true);
            workers.execute(() -> serve(c, head, rest));
        } catch (RejectedExecutionException e) {
            LOG.debug("{}: request queue full; answering 503", name);
            writeQuietly(c.channel, response(503, "busy: too many requests waiting, retry"));
            c.close();
        } catch (IOException e) {
            c.close();
        }
    }

    /** Answers a broken or oversized head, then reads and drops what the client still sends, so it sees the answer. */
    private void refuse(Connection c, int status, String reason) {
        LOG.debug("{}: refused a request with {}: {}", name, status, reason);
        writeQuietly(c.channel, response(status, reason));
        try {
            c.channel.shutdownOutput();
        } catch (IOException e) {
            c.close();
            return;
        }
        c.draining = true;
        c.deadline = System.nanoTime() + DRAIN_NANOS;
        draining.addLast(c);
    }

    private void drain(Connection c) {
        try {
            scratch.clear();
            int n = c.channel.read(scratch);
            c.drained += Math.max(0, n);
            if (n < 0 || c.drained > DRAIN_BYTES) {
                draining.remove(c);
                c.close();
            }
        } catch (IOException e) {
            draining.remove(c);
            c.close();
        }
    }

    private void expire(long now) {
        while (!reading.isEmpty() && reading.peekFirst().deadline - now <= 0) {
            Connection c = reading.pollFirst();
            LOG.debug("{}: closing a connection that sent no complete request head within {}", name,
                    limits.headerTimeout());
            c.close();
        }
        while (!draining.isEmpty() && draining.peekFirst().deadline - now <= 0) {
            draining.pollFirst().close();
        }
    }

    private void refuseAtOnce(SocketChannel ch) {
        LOG.debug("{}: {} connections open, all busy; answering 503", name, open.size());
        try {
            ch.configureBlocking(false);
            writeQuietly(ch, response(503, "busy: too many open connections, retry"));
        } catch (IOException ignored) {
            // closing below
        }
        closeQuietly(ch);
    }

    private void serve(Connection c, RequestHead head, ByteBuffer rest) {
        BoundedExchange exchange;
        try {
            exchange = new BoundedExchange(c.channel, head, rest, c::close);
            c.channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, limits.requestTimeout().toMillis()));
        } catch (IOException e) {
            c.close();
            return;
        }
        java.util.concurrent.atomic.AtomicReference<Thread> runner =
                new java.util.concurrent.atomic.AtomicReference<>(Thread.currentThread());
        ScheduledFuture<?> limit = watchdog.schedule(() -> {
            Thread t = runner.getAndSet(null);
            if (t != null) {
                LOG.warn("{}: {} {} took longer than {}; closing its connection", name, head.method(),
                        head.uri().getPath(), limits.requestTimeout());
                c.close();
                t.interrupt(); // a handler waiting (on a pool, a lock, a sleep) gives its thread back
            }
        }, limits.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            Mount mount = mount(head.uri().getPath());
            if (mount == null) {
                exchange.sendText(404, "no such resource: " + head.uri().getPath());
                return;
            }
            exchange.mountedAt(mount);
            if (mount.authenticator() != null) {
                Authenticator.Result result = mount.authenticator().authenticate(exchange);
                if (result instanceof Authenticator.Success s) {
                    exchange.principal(s.getPrincipal());
                } else {
                    int code = result instanceof Authenticator.Failure f ? f.getResponseCode()
                            : ((Authenticator.Retry) result).getResponseCode();
                    exchange.sendResponseHeaders(code, -1);
                    return;
                }
            }
            mount.handler().handle(exchange);
        } catch (IOException | RuntimeException e) {
            if (!c.isClosed()) {
                LOG.warn("{}: {} {} failed: {}", name, head.method(), head.uri().getPath(), e.toString());
                LOG.debug("{}: failure of {} {}", name, head.method(), head.uri().getPath(), e);
            }
            exchange.failed();
        } finally {
            limit.cancel(false);
            if (runner.getAndSet(null) == null) {
                Thread.interrupted(); // the watchdog cut this request: the thread's next request starts clean
            }
            exchange.handlerReturned();
        }
    }

    private Mount mount(String path) {
        for (Mount m : mounts) {
            if (path.startsWith(m.path())) {
                return m;
            }
        }
        return null;
    }

    static byte[] response(int status, String reason) {
        byte[] body = ("{\"error\":\"" + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + BoundedExchange.reasonPhrase(status) + "\r\n"
                + "Content-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return all;
    }

    private static void writeQuietly(SocketChannel ch, byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            for (int i = 0; i < 16 && b.hasRemaining(); i++) {
                if (ch.write(b) == 0) {
                    break; // a client that does not read gets a cut answer, never a stuck thread
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
    }

    /** One accepted connection. */
    private final class Connection {
        final SocketChannel channel;
        final ByteBuffer buffer;
        final RequestHead.Scanner scanner = new RequestHead.Scanner(limits);
        long deadline;
        SelectionKey key;
        boolean draining;
        long drained;
        private final java.util.concurrent.atomic.AtomicBoolean isClosed = new java.util.concurrent.atomic.AtomicBoolean();

        Connection(SocketChannel channel, long deadline, int bufferSize) {
            this.channel = channel;
            this.deadline = deadline;
            this.buffer = ByteBuffer.allocate(bufferSize);
        }

        boolean isClosed() {
            return isClosed.get();
        }

        void close() {
            if (isClosed.compareAndSet(false, true)) {
                open.remove(this);
                closeQuietly(channel);
            }
        }
    }

    private static final class Threads implements java.util.concurrent.ThreadFactory {
        private final String prefix;
        private final AtomicInteger n = new AtomicInteger();

        Threads(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            String threadName = prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix;
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        }
    }
}
