package io.vigie.app.config;

import io.vigie.ingest.IngestConfigKeys;
import io.vigie.ingest.webhook.WebhookSettings;

/** The webhook's settings from Vigie's configuration (the {@code webhook.*} keys). */
public final class WebhookConfig {

  private WebhookConfig() {}

  public static WebhookSettings settings(VigieConfig config) {
    return IngestConfigKeys.webhookSettings(config.values());
  }
}
