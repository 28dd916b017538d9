package io.vigie.schema.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies signatures in the Standard Webhooks form: {@code webhook-signature} holds
 * space-separated {@code v1,<base64 HMAC-SHA256>} entries over {@code
 * <webhook-id>.<webhook-timestamp>.<raw body>}, keyed with the base64 secret after its {@code
 * whsec_} prefix. A timestamp outside the tolerance and a message id seen before within it are
 * refused, so that a captured request cannot be replayed. Several secrets may be active at once,
 * for rotation.
 */
public final class StandardWebhooks {

  private final List<byte[]> secrets;
  private final Duration tolerance;
  private final Clock clock;
  private final Map<String, Instant> seenIds;

  public StandardWebhooks(
      List<String> secrets, Duration tolerance, Clock clock, int rememberedIds) {
    this.secrets = new ArrayList<>();
    for (String secret : secrets) {
      String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
      this.secrets.add(Base64.getDecoder().decode(encoded));
    }
    this.tolerance = tolerance;
    this.clock = clock;
    this.seenIds =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > rememberedIds;
          }
        };
  }

  public boolean enabled() {
    return !secrets.isEmpty();
  }

  /** Why the request is refused, or empty when its signature is valid and fresh. */
  public Optional<String> problem(String id, String timestamp, String signatures, byte[] body) {
    if (id == null || timestamp == null || signatures == null) {
      return Optional.of("missing webhook-id, webhook-timestamp or webhook-signature header");
    }
    Instant sent;
    try {
      sent = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
    } catch (NumberFormatException e) {
      return Optional.of("webhook-timestamp is not a number of seconds");
    }
    Instant now = clock.instant();
    if (sent.isBefore(now.minus(tolerance)) || sent.isAfter(now.plus(tolerance))) {
      return Optional.of(
          "webhook-timestamp is outside the " + tolerance.toMinutes() + "-minute tolerance");
    }
    byte[] signed =
        concat((id + "." + timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8), body);
    boolean valid = false;
    for (byte[] secret : secrets) {
      byte[] expected = hmac(secret, signed);
      for (String entry : signatures.strip().split(" ")) {
        int comma = entry.indexOf(',');
        if (comma > 0 && entry.substring(0, comma).equals("v1")) {
          try {
            valid |=
                MessageDigest.isEqual(
                    expected, Base64.getDecoder().decode(entry.substring(comma + 1)));
          } catch (IllegalArgumentException e) {
            // not base64: cannot match
          }
        }
      }
    }
    if (!valid) {
      return Optional.of("webhook-signature does not match");
    }
    synchronized (seenIds) {
      seenIds.values().removeIf(seenAt -> seenAt.isBefore(now.minus(tolerance.multipliedBy(2))));
      if (seenIds.putIfAbsent(id, now) != null) {
        return Optional.of("webhook-id " + id + " was already received");
      }
    }
    return Optional.empty();
  }

  /**
   * Forgets a message id, so that a request refused downstream (Kafka unavailable) may be retried.
   */
  public void forget(String id) {
    synchronized (seenIds) {
      seenIds.remove(id);
    }
  }

  /** The {@code webhook-signature} value for a message: what a sender computes. */
  public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
    String encoded = secret.startsWith("whsec_") ? secret.substring("whsec_".length()) : secret;
    byte[] signed =
        concat((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8), body);
    return "v1,"
        + Base64.getEncoder().encodeToString(hmac(Base64.getDecoder().decode(encoded), signed));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
