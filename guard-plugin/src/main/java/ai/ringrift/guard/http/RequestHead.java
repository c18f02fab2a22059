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
     * Finds the end of a request head in the bytes read so far, looking at each byte once (a client
     * that sends one byte at a time costs no more than one that sends the head at once).
     */
    static final class Scanner {
        private final HttpLimits limits;
        private int scanned;
        private int lineEnd = -1;

        Scanner(HttpLimits limits) {
            this.limits = limits;
        }

        /**
         * Scans {@code buf} (read mode, position 0, the bytes read so far).
         *
         * @return the head, or null when it is not complete yet
         * @throws Refusal when the head breaks a limit or is not HTTP/1.x
         */
        RequestHead scan(ByteBuffer buf) throws Refusal {
            int n = buf.limit();
            int from = Math.max(0, scanned - 2);
            int end = -1;
            for (int i = from; i < n && end < 0; i++) {
                if (buf.get(i) != '\n') {
                    continue;
                }
                if (lineEnd < 0) {
                    lineEnd = i;
                }
                if (i + 1 < n && buf.get(i + 1) == '\n') {
                    end = i + 2;
                } else if (i + 2 < n && buf.get(i + 1) == '\r' && buf.get(i + 2) == '\n') {
                    end = i + 3;
                }
            }
            scanned = n;
            if (lineEnd < 0 ? n > limits.maxRequestLine() : lineEnd > limits.maxRequestLine()) {
                throw new Refusal(414, "request line longer than " + limits.maxRequestLine() + " bytes");
            }
            if (end < 0 ? n >= limits.maxHeaderBytes() : end > limits.maxHeaderBytes()) {
                throw new Refusal(431, "request headers longer than " + limits.maxHeaderBytes() + " bytes");
            }
            if (end < 0) {
                return null;
            }
            byte[] bytes = new byte[end];
            buf.get(0, bytes);
            return parse(new String(bytes, StandardCharsets.ISO_8859_1), end, limits);
        }
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
