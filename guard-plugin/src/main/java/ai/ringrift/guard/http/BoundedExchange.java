package ai.ringrift.guard.http;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One request of {@link BoundedHttpServer} behind the JDK's {@link HttpExchange} API, so that JDK
 * handlers (the guard's routes, JobRunr's dashboard) run unchanged. One request per connection:
 * every response carries {@code Connection: close}. A response length of 0 streams until the
 * exchange is closed (server-sent events), -1 sends no body. For HEAD the headers are those of GET
 * (with its {@code Content-Length}) and body bytes are dropped.
 */
final class BoundedExchange extends HttpExchange {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(200, "OK"), Map.entry(204, "No Content"), Map.entry(301, "Moved Permanently"),
            Map.entry(302, "Found"), Map.entry(304, "Not Modified"), Map.entry(400, "Bad Request"),
            Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Timeout"),
            Map.entry(411, "Length Required"), Map.entry(413, "Content Too Large"), Map.entry(414, "URI Too Long"),
            Map.entry(417, "Expectation Failed"), Map.entry(431, "Request Header Fields Too Large"),
            Map.entry(500, "Internal Server Error"), Map.entry(503, "Service Unavailable"));

    private final SocketChannel channel;
    private final RequestHead head;
    private final Runnable closeConnection;
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private InputStream in;
    private OutputStream socketOut;
    private OutputStream body;
    private final OutputStream placeholder = new Placeholder();
    private HttpPrincipal principal;
    private BoundedHttpServer.Mount mount;
    private int responseCode = -1;
    private boolean streaming;
    private volatile boolean closed;

    BoundedExchange(SocketChannel channel, RequestHead head, ByteBuffer rest, Runnable closeConnection)
            throws IOException {
        this.channel = channel;
        this.head = head;
        this.closeConnection = closeConnection;
        byte[] already = new byte[rest.remaining()];
        rest.get(already);
        InputStream socketIn = channel.socket().getInputStream();
        this.in = new Limited(new SequenceInputStream(new ByteArrayInputStream(already), socketIn),
                head.contentLength());
        this.socketOut = new BufferedOutputStream(channel.socket().getOutputStream(), 8192);
    }

    static String reasonPhrase(int status) {
        return REASONS.getOrDefault(status, "Status " + status);
    }

    void mountedAt(BoundedHttpServer.Mount m) {
        this.mount = m;
    }

    void principal(HttpPrincipal p) {
        this.principal = p;
    }

    boolean isHead() {
        return "HEAD".equals(head.method());
    }

    /** A small JSON error answer (used for 404 and for handlers that fail before answering). */
    void sendText(int code, String message) throws IOException {
        byte[] bytes = ("{\"error\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n")
                .getBytes(StandardCharsets.UTF_8);
        responseHeaders.set("Content-Type", "application/json; charset=utf-8");
        sendResponseHeaders(code, bytes.length);
        try (OutputStream out = getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The handler threw: answer 500 if nothing was sent yet, else cut the response. */
    void failed() {
        if (responseCode < 0 && !closed) {
            try {
                sendText(500, "internal error, see the server log");
                return;
            } catch (IOException | RuntimeException ignored) {
                // fall through to closing
            }
        }
        close();
    }

    /** After the handler: a streaming response it left open stays open, anything else is finished. */
    void handlerReturned() {
        if (closed) {
            return;
        }
        if (responseCode < 0) {
            failed();
        } else if (!streaming) {
            close();
        }
    }

    @Override
    public Headers getRequestHeaders() {
        return head.headers();
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return head.uri();
    }

    @Override
    public String getRequestMethod() {
        return head.method();
    }

    @Override
    public HttpContext getHttpContext() {
        return new Context(mount);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (body != null) {
                body.flush();
            } else {
                socketOut.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        } finally {
            closeConnection.run();
        }
    }

    @Override
    public InputStream getRequestBody() {
        return in;
    }

    /** The body stream; usable before the headers are sent (as the JDK's), written to only after. */
    @Override
    public OutputStream getResponseBody() {
        return placeholder;
    }

    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (responseCode >= 0) {
            throw new IOException("headers already sent");
        }
        responseCode = code;
        StringBuilder h = new StringBuilder(256);
        h.append("HTTP/1.1 ").append(code).append(' ').append(reasonPhrase(code)).append("\r\n");
        responseHeaders.remove("Content-Length");
        responseHeaders.remove("Transfer-Encoding");
        responseHeaders.set("Connection", "close");
        boolean noBody = length < 0 || code == 204 || code == 304;
        if (length > 0) {
            responseHeaders.set("Content-Length", Long.toString(length));
        } else if (noBody) {
            responseHeaders.set("Content-Length", "0");
        } else {
            streaming = true; // ends when the exchange is closed
        }
        for (Map.Entry<String, List<String>> e : responseHeaders.entrySet()) {
            for (String v : e.getValue()) {
                h.append(e.getKey()).append(": ").append(v).append("\r\n");
            }
        }
        h.append("\r\n");
        socketOut.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (noBody || isHead()) {
            body = new Discarding(socketOut);
            if (noBody) {
                close();
            }
        } else {
            body = new Bounded(socketOut, length > 0 ? length : Long.MAX_VALUE);
        }
        socketOut.flush();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        try {
            return (InetSocketAddress) channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public int getResponseCode() {
        return responseCode;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        try {
            return (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String getProtocol() {
        return head.protocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream i, OutputStream o) {
        if (i != null) {
            in = i;
        }
        if (o != null) {
            socketOut = o;
        }
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return principal;
    }

    /** What {@link #getResponseBody} returns: the body stream chosen when the headers are sent. */
    private final class Placeholder extends OutputStream {
        private OutputStream target() throws IOException {
            if (body == null) {
                throw new IOException("response headers not sent yet: call sendResponseHeaders first");
            }
            return body;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (body != null) {
                body.flush();
            }
        }

        @Override
        public void close() {
            BoundedExchange.this.close();
        }
    }

    /** The request body: at most Content-Length bytes. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long length) {
            this.in = in;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A body stream that refuses more bytes than announced; closing it ends the exchange. */
    private final class Bounded extends FilterOutputStream {
        private long left;

        Bounded(OutputStream out, long length) {
            super(out);
            this.left = length;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > left) {
                throw new IOException("response body longer than the announced Content-Length");
            }
            left -= len;
            out.write(b, off, len);
        }

        @Override
        public void close() {
            BoundedExchange.this.close();
        }
    }

    /** The body of a HEAD answer or of a response without body: bytes are dropped. */
    private final class Discarding extends FilterOutputStream {
        Discarding(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
            // no body
        }

        @Override
        public void write(byte[] b, int off, int len) {
            // no body
        }

        @Override
        public void close() {
            BoundedExchange.this.close();
        }
    }

    /** The mount of the request, as the JDK's context type. */
    private static final class Context extends HttpContext {
        private final BoundedHttpServer.Mount mount;
        private final Map<String, Object> attributes = new HashMap<>();
        private final List<Filter> filters = new ArrayList<>();

        Context(BoundedHttpServer.Mount mount) {
            this.mount = mount;
        }

        @Override
        public HttpHandler getHandler() {
            return mount == null ? null : mount.handler();
        }

        @Override
        public void setHandler(HttpHandler h) {
            throw new UnsupportedOperationException("mounts are fixed at start");
        }

        @Override
        public String getPath() {
            return mount == null ? "/" : mount.path();
        }

        /** Always null: this is not a JDK {@link HttpServer}. */
        @Override
        public HttpServer getServer() {
            return null;
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public List<Filter> getFilters() {
            return filters;
        }

        @Override
        public Authenticator setAuthenticator(Authenticator auth) {
            throw new UnsupportedOperationException("mounts are fixed at start");
        }

        @Override
        public Authenticator getAuthenticator() {
            return mount == null ? null : mount.authenticator();
        }
    }
}
