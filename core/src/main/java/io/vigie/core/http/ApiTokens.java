package io.vigie.core.http;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may call Vigie's APIs (alerts, console, interactive queries): bearer tokens, each naming a
 * user and a role. Configured as {@code token=user:role} entries; compared in constant time.
 */
public final class ApiTokens {

  /** What a caller may do. */
  public enum Role {
    /** Reads alerts and their audit trail. */
    VIEWER,
    /** Also acknowledges, assigns, resolves, marks false positives and reopens. */
    RESPONDER
  }

  /** An authenticated caller. */
  public record Caller(String user, Role role) {}

  private record Entry(byte[] token, Caller caller) {}

  private final List<Entry> entries = new ArrayList<>();

  /** Parses {@code token=user:role} entries; a malformed one is refused (without echoing it). */
  public static ApiTokens parse(List<String> specs) {
    ApiTokens tokens = new ApiTokens();
    int index = 0;
    for (String spec : specs) {
      index++;
      int equals = spec.indexOf('=');
      int colon = spec.lastIndexOf(':');
      if (equals < 8 || colon < equals + 2 || colon == spec.length() - 1) {
        throw new IllegalArgumentException(
            "api token entry "
                + index
                + " must read token=user:role with a token of at least 8 characters");
      }
      Role role;
      try {
        role = Role.valueOf(spec.substring(colon + 1).strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "api token entry " + index + ": role must be viewer or responder");
      }
      tokens.entries.add(
          new Entry(
              spec.substring(0, equals).strip().getBytes(StandardCharsets.UTF_8),
              new Caller(spec.substring(equals + 1, colon).strip(), role)));
    }
    return tokens;
  }

  /**
   * The address {@code host} names, refused when it is beyond this machine and there are no tokens:
   * a server anyone on the network could read without one is never started.
   *
   * @param what the server, as the error names it ("the console")
   */
  public InetAddress bindable(String host, String what) throws UnknownHostException {
    InetAddress address = InetAddress.getByName(host);
    if (!address.isLoopbackAddress() && isEmpty()) {
      throw new IllegalArgumentException(
          what
              + " listens on "
              + host
              + ", beyond this machine: set api.tokens so that it asks for one");
    }
    return address;
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The caller a token belongs to; every entry is compared, so timing tells nothing. */
  public Optional<Caller> caller(String token) {
    byte[] given = token.getBytes(StandardCharsets.UTF_8);
    Caller found = null;
    for (Entry entry : entries) {
      if (BearerAuth.matches(given, entry.token()) && found == null) {
        found = entry.caller();
      }
    }
    return Optional.ofNullable(found);
  }

  /**
   * The caller of an HTTP request: the bearer token of its {@code Authorization} header, else a
   * {@code token} parameter of its raw query (feed readers and browser event streams cannot send
   * headers); either may be null.
   */
  public Optional<Caller> caller(String authorization, String rawQuery) {
    Optional<String> bearer = BearerAuth.token(authorization);
    if (bearer.isPresent()) {
      return caller(bearer.get());
    }
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        if (pair.startsWith("token=")) {
          return caller(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.empty();
  }
}
