package io.vigie.ingest.webhook;

import java.time.Duration;
import java.util.List;

/**
 * How the webhook listens and whom it trusts: bearer tokens and/or Standard Webhooks signing
 * secrets (each configured kind is required on every request), and the limits that keep a client
 * from hurting the others.
 */
public record WebhookSettings(
    String host,
    int port,
    List<String> bearerTokens,
    List<String> signingSecrets,
    Duration signatureTolerance,
    int maxBodyBytes,
    int maxNestingDepth,
    int maxStringChars,
    double requestsPerSecond,
    int burst,
    Duration kafkaTimeout,
    String defaultSource) {

  public WebhookSettings {
    bearerTokens = List.copyOf(bearerTokens);
    signingSecrets = List.copyOf(signingSecrets);
    if (bearerTokens.isEmpty() && signingSecrets.isEmpty()) {
      throw new IllegalArgumentException(
          "the webhook needs at least one bearer token or signing secret (webhook.tokens, webhook.signing-secrets)");
    }
    if (maxBodyBytes < 1
        || maxNestingDepth < 1
        || maxStringChars < 1
        || requestsPerSecond <= 0
        || burst < 1) {
      throw new IllegalArgumentException("webhook limits must be positive");
    }
  }

  @Override
  public String toString() {
    return "WebhookSettings["
        + host
        + ":"
        + port
        + ", "
        + bearerTokens.size()
        + " token(s), "
        + signingSecrets.size()
        + " secret(s), max body "
        + maxBodyBytes
        + " B]";
  }
}
