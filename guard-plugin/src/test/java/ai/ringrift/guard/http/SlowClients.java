package ai.ringrift.guard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Hostile clients for the HTTP tests: connections that send part of a request head and then
 * nothing, and one-shot raw requests. Closes every socket it opened.
 */
public final class SlowClients implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();

    /** Opens {@code n} connections to {@code port} that each send an unfinished request head. */
    public static SlowClients open(int port, int n) throws IOException {
        SlowClients c = new SlowClients();
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            c.sockets.add(s);
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-" + i + ": ")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        return c;
    }

    /** How many of the connections the server has closed (a read sees end of stream or a reset). */
    public long closedByServer() {
        long closed = 0;
        for (Socket s : sockets) {
            try {
                s.setSoTimeout(1);
                if (s.getInputStream().read() < 0) {
                    closed++;
                }
            } catch (java.net.SocketTimeoutException e) {
                // still open
            } catch (IOException e) {
                closed++;
            }
        }
        return closed;
    }

    public int size() {
        return sockets.size();
    }

    /** Sends {@code request} as is on a fresh connection and returns the response's status line. */
    public static String statusLine(int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(3000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString().strip();
        }
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }
}
