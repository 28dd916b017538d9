package io.vigie.alerts;

import static io.vigie.core.config.ConfigValidators.matching;

import io.vigie.alerts.watchdog.PipelineWatch;
import io.vigie.core.config.ConfigValues;
import java.time.Duration;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys of vigie alerts (routes, dispatcher, alert API, watchdog) and of vigie console, and the
 * watchdog's settings built from their values.
 */
public final class AlertsConfigKeys {

  public static final String ALERTS_ROUTES_FILE = "alerts.routes-file";
  public static final String ALERTS_GROUP_ID = "alerts.group-id";
  public static final String ALERTS_MAX_ATTEMPTS = "alerts.retry.max-attempts";
  public static final String ALERTS_TIMEOUT_MS = "alerts.timeout-ms";
  public static final String ALERTS_SMTP_PASSWORD = "alerts.smtp-password";
  public static final String WATCHDOG_ENABLED = "watchdog.enabled";
  public static final String WATCHDOG_INTERVAL_SECONDS = "watchdog.interval-seconds";
  public static final String WATCHDOG_SOURCE_SILENCE_MINUTES = "watchdog.source-silence-minutes";
  public static final String WATCHDOG_LAG_THRESHOLD = "watchdog.lag-threshold";
  public static final String CONSOLE_HOST = "console.host";
  public static final String CONSOLE_PORT = "console.port";
  public static final String CONSOLE_API_URL = "console.api-url";
  public static final String API_HOST = "api.host";
  public static final String API_PORT = "api.port";

  private AlertsConfigKeys() {}

  /** Adds {@code alerts.routes-file} and the alert API's address. */
  public static ConfigDef defineRoutesAndApi(ConfigDef definition) {
    return definition
        .define(
            ALERTS_ROUTES_FILE,
            Type.STRING,
            "",
            Importance.HIGH,
            "JSON file of the alert routes (channels, severities, watch rules, quiet hours, rate limits) and silences; see docs/alerts.md. Required by vigie alerts.")
        .define(
            API_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.MEDIUM,
            "Address the alert API (acknowledge, assign, resolve, false positive, reopen) listens on, in vigie alerts.")
        .define(
            API_PORT,
            Type.INT,
            8088,
            Range.between(0, 65535),
            Importance.MEDIUM,
            "Port of the alert API; 0 picks a free one.");
  }

  /** Adds the dispatcher's, the console's and the watchdog's keys. */
  public static ConfigDef defineDeliveryConsoleAndWatchdog(ConfigDef definition) {
    return definition
        .define(
            ALERTS_SMTP_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Password of the SMTP user named by e-mail channels (channel.username). Never logged.")
        .define(
            ALERTS_GROUP_ID,
            Type.STRING,
            "vigie-alerts",
            matching("[a-zA-Z0-9._-]+"),
            Importance.MEDIUM,
            "Consumer group of the alert dispatcher.")
        .define(
            ALERTS_MAX_ATTEMPTS,
            Type.INT,
            6,
            Range.between(1, 20),
            Importance.LOW,
            "Attempts to deliver one alert version to one route (exponential backoff from 1 s to 30 s, honouring Retry-After) before it is logged as FAILED.")
        .define(
            ALERTS_TIMEOUT_MS,
            Type.INT,
            10_000,
            Range.between(100, 120_000),
            Importance.LOW,
            "How long a receiver may take to answer one delivery attempt, in milliseconds.")
        .define(
            CONSOLE_HOST,
            Type.STRING,
            "127.0.0.1",
            Importance.MEDIUM,
            "Address the console binds to; beyond loopback (0.0.0.0) it needs api.tokens and asks every caller for one.")
        .define(
            CONSOLE_PORT,
            Type.INT,
            8089,
            Range.between(0, 65535),
            Importance.MEDIUM,
            "Port of the console (live incidents, volume, weak signals, health); 0 picks a free one.")
        .define(
            CONSOLE_API_URL,
            Type.STRING,
            "",
            matching("(https?://[^\\s/?#]+(/[^\\s?#]*)?)?"),
            Importance.MEDIUM,
            "Base address of the alert API (vigie alerts, e.g. http://alerts:8088) that vigie console forwards responders' actions to; empty: a read-only console.")
        .define(
            WATCHDOG_ENABLED,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            "Whether vigie alerts watches the pipeline itself (a source gone silent, lag growing, dead letters above normal, Elasticsearch unreachable) and raises OPERATIONAL alerts through the same routes.")
        .define(
            WATCHDOG_INTERVAL_SECONDS,
            Type.INT,
            30,
            Range.between(1, 3600),
            Importance.LOW,
            "How often the watchdog samples the pipeline, in seconds.")
        .define(
            WATCHDOG_SOURCE_SILENCE_MINUTES,
            Type.INT,
            10,
            Range.between(1, 24 * 60),
            Importance.MEDIUM,
            "A source that posted at least 10 times in the hour before is silent after this many minutes without a post.")
        .define(
            WATCHDOG_LAG_THRESHOLD,
            Type.LONG,
            10_000L,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Consumer lag (records) above which lag still rising over 5 minutes raises an alert; it ends below half of it.");
  }

  public static PipelineWatch.Settings watchdogSettings(ConfigValues values) {
    var defaults = PipelineWatch.Settings.defaults();
    return new PipelineWatch.Settings(
        Duration.ofMinutes(values.integer(WATCHDOG_SOURCE_SILENCE_MINUTES)),
        defaults.sourceMinPosts(),
        values.longValue(WATCHDOG_LAG_THRESHOLD),
        defaults.lagWindow(),
        defaults.deadLetterWindow(),
        defaults.deadLetterFloor(),
        defaults.deadLetterFactor(),
        defaults.elasticsearchFailures());
  }
}
