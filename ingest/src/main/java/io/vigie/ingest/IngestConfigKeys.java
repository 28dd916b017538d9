package io.vigie.ingest;

import io.vigie.core.config.ConfigValues;
import io.vigie.ingest.webhook.WebhookSettings;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of the ingest sources ({@code webhook.*}, {@code mastodon.*}), and the webhook's
 * settings.
 */
public final class IngestConfigKeys {

  public static final String WEBHOOK_HOST = "webhook.host";
  public static final String WEBHOOK_PORT = "webhook.port";
  public static final String WEBHOOK_TOKENS = "webhook.tokens";
  public static final String WEBHOOK_SECRETS = "webhook.signing-secrets";
  public static final String WEBHOOK_TOLERANCE = "webhook.signature-tolerance-seconds";
  public static final String WEBHOOK_MAX_BODY = "webhook.max-body-bytes";
  public static final String WEBHOOK_MAX_DEPTH = "webhook.max-nesting-depth";
  public static final String WEBHOOK_MAX_STRING = "webhook.max-string-chars";
  public static final String WEBHOOK_RATE = "webhook.rate-limit.requests-per-second";
  public static final String WEBHOOK_BURST = "webhook.rate-limit.burst";

  public static final String MASTODON_TOKEN = "mastodon.access-token";

  private IngestConfigKeys() {}

  /** Adds the {@code webhook.*} and {@code mastodon.*} keys. */
  public static ConfigDef define(ConfigDef definition) {
    return definition
        .define(
            WEBHOOK_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.MEDIUM,
            "Address the webhook binds to; 0.0.0.0 for every interface.")
        .define(
            WEBHOOK_PORT,
            Type.INT,
            8088,
            Range.between(0, 65535),
            Importance.MEDIUM,
            "Port of the webhook; 0 picks a free one.")
        .define(
            WEBHOOK_TOKENS,
            Type.PASSWORD,
            null,
            Importance.HIGH,
            "Bearer tokens accepted by the webhook, comma-separated. Never logged.")
        .define(
            WEBHOOK_SECRETS,
            Type.PASSWORD,
            null,
            Importance.HIGH,
            "Standard Webhooks signing secrets (whsec_...), comma-separated; when set, every request must be signed. Never logged.")
        .define(
            WEBHOOK_TOLERANCE,
            Type.INT,
            300,
            Range.between(1, 3600),
            Importance.LOW,
            "How far a signed request's webhook-timestamp may be from now, in seconds.")
        .define(
            WEBHOOK_MAX_BODY,
            Type.INT,
            1024 * 1024,
            Range.atLeast(1024),
            Importance.LOW,
            "Largest request body, in bytes (413 beyond).")
        .define(
            WEBHOOK_MAX_DEPTH,
            Type.INT,
            32,
            Range.between(2, 1000),
            Importance.LOW,
            "Deepest JSON nesting accepted (400 beyond).")
        .define(
            WEBHOOK_MAX_STRING,
            Type.INT,
            100_000,
            Range.atLeast(1000),
            Importance.LOW,
            "Longest JSON string accepted, in characters (400 beyond).")
        .define(
            WEBHOOK_RATE,
            Type.DOUBLE,
            50.0,
            Range.atLeast(0.01),
            Importance.LOW,
            "Requests per second allowed to each client (429 beyond).")
        .define(
            WEBHOOK_BURST,
            Type.INT,
            100,
            Range.atLeast(1),
            Importance.LOW,
            "Requests a client may send at once before the rate applies.")
        .define(
            MASTODON_TOKEN,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Access token for the Mastodon streaming API (many servers require one for public timelines). Never logged.");
  }

  public static WebhookSettings webhookSettings(ConfigValues values) {
    return new WebhookSettings(
        values.string(WEBHOOK_HOST),
        values.integer(WEBHOOK_PORT),
        values.secrets(WEBHOOK_TOKENS),
        values.secrets(WEBHOOK_SECRETS),
        Duration.ofSeconds(values.integer(WEBHOOK_TOLERANCE)),
        values.integer(WEBHOOK_MAX_BODY),
        values.integer(WEBHOOK_MAX_DEPTH),
        values.integer(WEBHOOK_MAX_STRING),
        values.doubleValue(WEBHOOK_RATE),
        values.integer(WEBHOOK_BURST),
        Duration.ofSeconds(20),
        "webhook");
  }
}
