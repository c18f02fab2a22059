package ai.ringrift.guard.http;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request line and header block, read by {@link BoundedHttpServer} before any handler
 * thread is involved.
 */
record RequestHead(String method, URI uri, String protocol, Headers headers, long contentLength, int headLength) {

    /** A request the server answers itself with {@code status} and a one-line reason, then closes. */
    static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Scans the bytes read so far ({@code buf} in read mode, position 0).
     *
     * @return the head, or null when it is not complete yet
     * @throws Refusal when the head breaks a limit or is not HTTP/1.x
     */
    static RequestHead scan(ByteBuffer buf, HttpLimits limits) throws Refusal {
        int n = buf.limit();
        int lineEnd = indexOf(buf, 0, n, (byte) '\n');
        if (lineEnd < 0) {
            if (n > limits.maxRequestLine()) {
                throw new Refusal(414, "request line longer than " + limits.maxRequestLine() + " bytes");
            }
            return null;
        }
        if (lineEnd > limits.maxRequestLine()) {
            throw new Refusal(414, "request line longer than " + limits.maxRequestLine() + " bytes");
        }
        int end = headEnd(buf, n);
        if (end < 0) {
            if (n >= limits.maxHeaderBytes()) {
                throw new Refusal(431, "request headers longer than " + limits.maxHeaderBytes() + " bytes");
            }
            return null;
        }
        if (end > limits.maxHeaderBytes()) {
            throw new Refusal(431, "request headers longer than " + limits.maxHeaderBytes() + " bytes");
        }
        byte[] bytes = new byte[end];
        buf.get(0, bytes);
        return parse(new String(bytes, StandardCharsets.ISO_8859_1), end, limits);
    }

    private static RequestHead parse(String head, int length, HttpLimits limits) throws Refusal {
        String[] lines = head.split("\r?\n", -1);
        String[] parts = lines[0].split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || !parts[2].startsWith("HTTP/1.")) {
            throw new Refusal(400, "malformed request line: expected 'METHOD /path HTTP/1.1'");
        }
        if (!parts[1].startsWith("/")) {
            throw new Refusal(400, "request target must be a path starting with '/'");
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new Refusal(400, "malformed request target: " + e.getReason());
        }
        Headers headers = new Headers();
        int count = 0;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (++count > limits.maxHeaderCount()) {
                throw new Refusal(431, "more than " + limits.maxHeaderCount() + " request headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new Refusal(400, "malformed header line " + count);
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        if (headers.containsKey("Transfer-Encoding")) {
            throw new Refusal(411, "chunked request bodies are not accepted: send Content-Length");
        }
        long contentLength = 0;
        String cl = headers.getFirst("Content-Length");
        if (cl != null) {
            try {
                contentLength = Long.parseLong(cl);
            } catch (NumberFormatException e) {
                throw new Refusal(400, "malformed Content-Length");
            }
            if (contentLength < 0) {
                throw new Refusal(400, "malformed Content-Length");
            }
            if (contentLength > limits.maxBodyBytes()) {
                throw new Refusal(413, "request body longer than " + limits.maxBodyBytes() + " bytes");
            }
        }
        return new RequestHead(parts[0], uri, parts[2], headers, contentLength, length);
    }

    /** Index just past the empty line ending the head ({@code \r\n\r\n} or {@code \n\n}), or -1. */
    private static int headEnd(ByteBuffer buf, int n) {
        for (int i = 0; i < n; i++) {
            if (buf.get(i) == '\n') {
                if (i + 1 < n && buf.get(i + 1) == '\n') {
                    return i + 2;
                }
                if (i + 2 < n && buf.get(i + 1) == '\r' && buf.get(i + 2) == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static int indexOf(ByteBuffer buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
