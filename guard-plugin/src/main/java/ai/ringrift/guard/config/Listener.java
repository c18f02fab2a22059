package ai.ringrift.guard.config;

import ai.ringrift.guard.settings.Problems;
import java.util.Locale;

/** The rules of a listening endpoint ({@code dashboard}, {@code metrics}): host and port. */
final class Listener {

    private Listener() {
    }

    static void check(Problems p, String path, String host, int port) {
        if (host == null || host.isBlank()) {
            p.error(Problems.path(path, "host"), "must not be empty (default 127.0.0.1)");
        }
        if (port < 0 || port > 65535) {
            p.error(Problems.path(path, "port"), "must be between 0 and 65535, 0 = any free port (was " + port + ")");
        }
    }

    /** True for {@code localhost}, {@code 127.x.x.x} and {@code ::1}: no name resolution is done. */
    static boolean isLoopback(String host) {
        String h = host == null ? "" : host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.matches("127(\\.\\d{1,3}){3}") || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
