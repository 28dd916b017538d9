package io.vigie.core.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.Optional;

/**
 * Bearer tokens (RFC 6750) as Vigie's servers read them: the token of an {@code Authorization:
 * Bearer} header, compared in constant time, and the challenge a refusal names. Each server passes
 * its own challenge, so that the header its clients already read stays the same.
 */
public final class BearerAuth {

  /** The challenge of the servers that name Vigie's realm. */
  public static final String VIGIE_REALM = "Bearer realm=\"vigie\"";

  /** The bare challenge, without a realm. */
  public static final String NO_REALM = "Bearer";

  private static final String SCHEME = "Bearer ";

  private BearerAuth() {}

  /**
   * The token of an {@code Authorization} header (null: none), when it uses the Bearer scheme,
   * whatever the scheme's case; surrounding spaces are not part of it.
   */
  public static Optional<String> token(String authorization) {
    if (authorization == null
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return Optional.empty();
    }
    return Optional.of(authorization.substring(SCHEME.length()).strip());
  }

  /** Whether {@code given} is {@code known}, in a time that tells nothing of where they differ. */
  public static boolean matches(byte[] given, byte[] known) {
    return MessageDigest.isEqual(given, known);
  }

  /**
   * Whether {@code given} is one of {@code known}; every one is compared, so that the time taken
   * tells nothing of which came close.
   */
  public static boolean isAnyOf(String given, Collection<String> known) {
    byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
    boolean found = false;
    for (String token : known) {
      found |= matches(bytes, token.getBytes(StandardCharsets.UTF_8));
    }
    return found;
  }

  /**
   * Names {@code challenge} ({@link #VIGIE_REALM}, {@link #NO_REALM}) in the {@code
   * WWW-Authenticate} header of the answer to come, a 401.
   */
  public static void challenge(HttpExchange exchange, String challenge) {
    exchange.getResponseHeaders().set("WWW-Authenticate", challenge);
  }
}
