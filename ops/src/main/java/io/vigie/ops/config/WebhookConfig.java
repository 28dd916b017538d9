package io.vigie.ops.config;

import io.vigie.ingest.webhook.WebhookSettings;
import java.time.Duration;

/** The webhook's settings from Vigie's configuration (the {@code webhook.*} keys). */
public final class WebhookConfig {

  private WebhookConfig() {}

  public static WebhookSettings settings(VigieConfig config) {
    return new WebhookSettings(
        config.string(VigieConfig.WEBHOOK_HOST),
        config.integer(VigieConfig.WEBHOOK_PORT),
        config.secrets(VigieConfig.WEBHOOK_TOKENS),
        config.secrets(VigieConfig.WEBHOOK_SECRETS),
        Duration.ofSeconds(config.integer(VigieConfig.WEBHOOK_TOLERANCE)),
        config.integer(VigieConfig.WEBHOOK_MAX_BODY),
        config.integer(VigieConfig.WEBHOOK_MAX_DEPTH),
        config.integer(VigieConfig.WEBHOOK_MAX_STRING),
        config.doubleValue(VigieConfig.WEBHOOK_RATE),
        config.integer(VigieConfig.WEBHOOK_BURST),
        Duration.ofSeconds(20),
        "webhook");
  }
}
