package ai.ringrift.guard.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status page's files, read once from the jar ({@code ai/ringrift/guard/http/page/}): the page
 * at {@code /}, its script (plain SVG, no library) and style sheet under {@code /page/}. Nothing
 * is fetched from elsewhere: the page's Content-Security-Policy allows only this origin.
 */
final class StatusPage {

    /** Scripts, styles, images and requests from this origin only; no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

    private static final String ROOT = "ai/ringrift/guard/http/page/";

    /** One file of the page. */
    record Asset(String contentType, String body) {
    }

    private final Map<String, Asset> assets;

    private StatusPage(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads the page's files; a missing one is a build error, reported at start-up. */
    static StatusPage load() {
        Map<String, Asset> m = new LinkedHashMap<>();
        Asset html = new Asset("text/html; charset=utf-8", read("index.html"));
        m.put("/", html);
        m.put("/index.html", html);
        m.put("/page/status.js", new Asset("text/javascript; charset=utf-8", read("status.js")));
        m.put("/page/status.css", new Asset("text/css; charset=utf-8", read("status.css")));
        return new StatusPage(Map.copyOf(m));
    }

    /** The file served at {@code path}, or null. */
    Asset asset(String path) {
        return assets.get(path);
    }

    private static String read(String name) {
        try (InputStream in = StatusPage.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the status page's " + ROOT + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the status page's " + ROOT + name, e);
        }
    }
}
