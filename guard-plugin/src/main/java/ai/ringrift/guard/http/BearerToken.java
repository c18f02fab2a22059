package ai.ringrift.guard.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** Checks an {@code Authorization: Bearer TOKEN} header against the configured token in constant time. */
final class BearerToken {

    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    BearerToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the HTTP API token must not be blank");
        }
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    /** True when {@code authorization} (the header value, may be null) carries the token. */
    boolean accepts(String authorization) {
        if (authorization == null || authorization.length() < PREFIX.length()
                || !authorization.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, given);
    }
}
