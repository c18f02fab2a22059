package ai.ringrift.guard.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses a URL query string ({@code since=1h&decision=DEFER}) into a map, one value per name. */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * @param rawQuery the raw (still percent-encoded) query, may be {@code null}
     * @return names to decoded values, in request order; a name without {@code =} maps to ""
     * @throws IllegalArgumentException when a name is empty or given twice, or the encoding is bad
     */
    static Map<String, String> parse(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Collections.unmodifiableMap(params);
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (name.isEmpty()) {
                throw new IllegalArgumentException("query parameter without a name: '" + pair + "'");
            }
            if (params.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("query parameter '" + name + "' given twice; give it once");
            }
        }
        return Collections.unmodifiableMap(params);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad percent-encoding in query: '" + s + "'", e);
        }
    }
}
