package io.vigie.app.config;

import io.vigie.alerts.AlertsConfigKeys;
import io.vigie.alerts.watchdog.PipelineWatch;
import io.vigie.core.config.ConfigFragment;
import io.vigie.core.config.ConfigValues;
import io.vigie.core.config.CoreConfigKeys;
import io.vigie.indexer.IndexerConfigKeys;
import io.vigie.indexer.IndexerSettings;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.ingest.IngestConfigKeys;
import io.vigie.streams.StreamsConfigKeys;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.TopologySettings;
import io.vigie.streams.detect.DetectionSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * Vigie's typed configuration: every key has a type, a default, a validator and one line of
 * documentation ({@link #DEFINITION}), defined by the module that reads it (a {@link
 * ConfigFragment}) and composed here. Keys under {@code kafka.} pass through, prefix removed, to
 * every Kafka client (bootstrap servers, TLS, SASL), once checked against the clients' own config
 * definitions ({@link KafkaClientKeys}); keys under {@code elasticsearch.header.} become HTTP
 * headers of the Elasticsearch client. Any other unknown key is an error. Values come from {@link
 * ConfigLoader}, which layers defaults, a file, the environment and flags.
 */
public final class VigieConfig {

  public static final String KAFKA_PREFIX = CoreConfigKeys.KAFKA_PREFIX;
  public static final String ELASTICSEARCH_HEADER_PREFIX =
      IndexerConfigKeys.ELASTICSEARCH_HEADER_PREFIX;
  public static final String KAFKA_BOOTSTRAP = CoreConfigKeys.KAFKA_BOOTSTRAP;

  public static final String STACK_DIR = AppConfigKeys.STACK_DIR;
  public static final String STACK_KAFKA_PORT = AppConfigKeys.STACK_KAFKA_PORT;
  public static final String STACK_KAFKA_HEAP = AppConfigKeys.STACK_KAFKA_HEAP;
  public static final String STACK_ES_PORT = AppConfigKeys.STACK_ES_PORT;
  public static final String STACK_ES_HEAP = AppConfigKeys.STACK_ES_HEAP;
  public static final String STACK_ES_VERSION = AppConfigKeys.STACK_ES_VERSION;
  public static final String STACK_ES_JAVA_HOME = AppConfigKeys.STACK_ES_JAVA_HOME;
  public static final String STACK_ES_USER = AppConfigKeys.STACK_ES_USER;
  public static final String STACK_SERVER_JVM_OPTIONS = AppConfigKeys.STACK_SERVER_JVM_OPTIONS;
  public static final String STACK_MAVEN_REPOSITORY = AppConfigKeys.STACK_MAVEN_REPOSITORY;
  public static final String STACK_START_TIMEOUT = AppConfigKeys.STACK_START_TIMEOUT;

  public static final String TOPICS_PREFIX = CoreConfigKeys.TOPICS_PREFIX;
  public static final String TOPICS_PARTITIONS = CoreConfigKeys.TOPICS_PARTITIONS;
  public static final String TOPICS_REPLICATION = CoreConfigKeys.TOPICS_REPLICATION;
  public static final String TOPICS_RETENTION_HOURS = CoreConfigKeys.TOPICS_RETENTION_HOURS;

  public static final String STREAMS_APPLICATION_ID = StreamsConfigKeys.STREAMS_APPLICATION_ID;
  public static final String STREAMS_STATE_DIR = StreamsConfigKeys.STREAMS_STATE_DIR;
  public static final String STREAMS_GUARANTEE = StreamsConfigKeys.STREAMS_GUARANTEE;
  public static final String STREAMS_THREADS = StreamsConfigKeys.STREAMS_THREADS;
  public static final String STREAMS_STANDBY_REPLICAS = StreamsConfigKeys.STREAMS_STANDBY_REPLICAS;
  public static final String STREAMS_COMMIT_INTERVAL_MS =
      StreamsConfigKeys.STREAMS_COMMIT_INTERVAL_MS;
  public static final String STREAMS_ROCKSDB_MEMORY_MB =
      StreamsConfigKeys.STREAMS_ROCKSDB_MEMORY_MB;
  public static final String STREAMS_QUERY_HOST = StreamsConfigKeys.STREAMS_QUERY_HOST;
  public static final String STREAMS_QUERY_PORT = StreamsConfigKeys.STREAMS_QUERY_PORT;
  public static final String STREAMS_QUERY_ADVERTISED_HOST =
      StreamsConfigKeys.STREAMS_QUERY_ADVERTISED_HOST;
  public static final String DEDUP_REDELIVERY_RETENTION =
      StreamsConfigKeys.DEDUP_REDELIVERY_RETENTION;
  public static final String DEDUP_CLUSTER_RETENTION = StreamsConfigKeys.DEDUP_CLUSTER_RETENTION;
  public static final String DEDUP_CLUSTER_PARTITIONS = StreamsConfigKeys.DEDUP_CLUSTER_PARTITIONS;
  public static final String DEDUP_SIMILARITY = StreamsConfigKeys.DEDUP_SIMILARITY;
  public static final String WATCH_REFRESH_MS = StreamsConfigKeys.WATCH_REFRESH_MS;
  public static final String DETECT_HORIZONS = StreamsConfigKeys.DETECT_HORIZONS;
  public static final String DETECT_GRACE_SECONDS = StreamsConfigKeys.DETECT_GRACE_SECONDS;
  public static final String DETECT_WARMUP_MINUTES = StreamsConfigKeys.DETECT_WARMUP_MINUTES;
  public static final String DETECT_COMMON_TERM_SHARE = StreamsConfigKeys.DETECT_COMMON_TERM_SHARE;
  public static final String DETECT_PAGE_GLOBAL = StreamsConfigKeys.DETECT_PAGE_GLOBAL;
  public static final String DETECT_PAGE_CRISIS = StreamsConfigKeys.DETECT_PAGE_CRISIS;
  public static final String DETECT_PAGE_RULE = StreamsConfigKeys.DETECT_PAGE_RULE;
  public static final String DETECT_PAGE_TERM = StreamsConfigKeys.DETECT_PAGE_TERM;
  public static final String DETECT_PAGE_CLUSTER = StreamsConfigKeys.DETECT_PAGE_CLUSTER;
  public static final String DETECT_FALSE_ALARMS_PER_DAY =
      StreamsConfigKeys.DETECT_FALSE_ALARMS_PER_DAY;

  public static final String ES_URLS = IndexerConfigKeys.ES_URLS;
  public static final String ES_API_KEY = IndexerConfigKeys.ES_API_KEY;
  public static final String ES_USERNAME = IndexerConfigKeys.ES_USERNAME;
  public static final String ES_PASSWORD = IndexerConfigKeys.ES_PASSWORD;
  public static final String ES_CA_FINGERPRINT = IndexerConfigKeys.ES_CA_FINGERPRINT;
  public static final String ES_INDEX_PREFIX = IndexerConfigKeys.ES_INDEX_PREFIX;
  public static final String ES_REPLICAS = IndexerConfigKeys.ES_REPLICAS;
  public static final String ES_POSTS_RETENTION_DAYS = IndexerConfigKeys.ES_POSTS_RETENTION_DAYS;
  public static final String ES_SIGNALS_RETENTION_DAYS =
      IndexerConfigKeys.ES_SIGNALS_RETENTION_DAYS;
  public static final String ES_ALERTS_RETENTION_DAYS = IndexerConfigKeys.ES_ALERTS_RETENTION_DAYS;
  public static final String ES_RETENTION_SWEEP_MINUTES =
      IndexerConfigKeys.ES_RETENTION_SWEEP_MINUTES;

  public static final String INDEXER_GROUP_ID = IndexerConfigKeys.INDEXER_GROUP_ID;
  public static final String ALERTS_ROUTES_FILE = AlertsConfigKeys.ALERTS_ROUTES_FILE;
  public static final String ALERTS_GROUP_ID = AlertsConfigKeys.ALERTS_GROUP_ID;
  public static final String ALERTS_MAX_ATTEMPTS = AlertsConfigKeys.ALERTS_MAX_ATTEMPTS;
  public static final String ALERTS_TIMEOUT_MS = AlertsConfigKeys.ALERTS_TIMEOUT_MS;
  public static final String ALERTS_SMTP_PASSWORD = AlertsConfigKeys.ALERTS_SMTP_PASSWORD;
  public static final String WATCHDOG_ENABLED = AlertsConfigKeys.WATCHDOG_ENABLED;
  public static final String WATCHDOG_INTERVAL_SECONDS = AlertsConfigKeys.WATCHDOG_INTERVAL_SECONDS;
  public static final String WATCHDOG_SOURCE_SILENCE_MINUTES =
      AlertsConfigKeys.WATCHDOG_SOURCE_SILENCE_MINUTES;
  public static final String WATCHDOG_LAG_THRESHOLD = AlertsConfigKeys.WATCHDOG_LAG_THRESHOLD;
  public static final String CONSOLE_HOST = AlertsConfigKeys.CONSOLE_HOST;
  public static final String CONSOLE_PORT = AlertsConfigKeys.CONSOLE_PORT;
  public static final String CONSOLE_API_URL = AlertsConfigKeys.CONSOLE_API_URL;
  public static final String API_HOST = AlertsConfigKeys.API_HOST;
  public static final String API_PORT = AlertsConfigKeys.API_PORT;
  public static final String API_TOKENS = CoreConfigKeys.API_TOKENS;
  public static final String INDEXER_BULK_OPERATIONS = IndexerConfigKeys.INDEXER_BULK_OPERATIONS;
  public static final String INDEXER_BULK_BYTES = IndexerConfigKeys.INDEXER_BULK_BYTES;
  public static final String INDEXER_FLUSH_MS = IndexerConfigKeys.INDEXER_FLUSH_MS;
  public static final String INDEXER_CONCURRENT = IndexerConfigKeys.INDEXER_CONCURRENT;
  public static final String INDEXER_BACKOFF_MAX_MS = IndexerConfigKeys.INDEXER_BACKOFF_MAX_MS;

  public static final String LOG_FILE = AppConfigKeys.LOG_FILE;

  public static final String METRICS_HOST = AppConfigKeys.METRICS_HOST;
  public static final String METRICS_PORT = AppConfigKeys.METRICS_PORT;
  public static final String WEBHOOK_HOST = IngestConfigKeys.WEBHOOK_HOST;
  public static final String WEBHOOK_PORT = IngestConfigKeys.WEBHOOK_PORT;
  public static final String WEBHOOK_TOKENS = IngestConfigKeys.WEBHOOK_TOKENS;
  public static final String WEBHOOK_SECRETS = IngestConfigKeys.WEBHOOK_SECRETS;
  public static final String WEBHOOK_TOLERANCE = IngestConfigKeys.WEBHOOK_TOLERANCE;
  public static final String WEBHOOK_MAX_BODY = IngestConfigKeys.WEBHOOK_MAX_BODY;
  public static final String WEBHOOK_MAX_DEPTH = IngestConfigKeys.WEBHOOK_MAX_DEPTH;
  public static final String WEBHOOK_MAX_STRING = IngestConfigKeys.WEBHOOK_MAX_STRING;
  public static final String WEBHOOK_RATE = IngestConfigKeys.WEBHOOK_RATE;
  public static final String WEBHOOK_BURST = IngestConfigKeys.WEBHOOK_BURST;

  public static final String MASTODON_TOKEN = IngestConfigKeys.MASTODON_TOKEN;

  /**
   * The modules' keys, in the order they have always been defined: the nearest-key suggestion for a
   * mistyped key keeps the first of equally near keys, hence the interleaving.
   */
  private static final List<ConfigFragment> FRAGMENTS =
      List.of(
          AppConfigKeys::defineStack,
          CoreConfigKeys::defineTopics,
          StreamsConfigKeys::define,
          IndexerConfigKeys::defineElasticsearch,
          AlertsConfigKeys::defineRoutesAndApi,
          CoreConfigKeys::defineApiTokens,
          AlertsConfigKeys::defineDeliveryConsoleAndWatchdog,
          IndexerConfigKeys::defineIndexer,
          AppConfigKeys::defineLogAndMetrics,
          IngestConfigKeys::define);

  public static final ConfigDef DEFINITION = compose(FRAGMENTS);

  private final Map<String, String> merged;
  private final ConfigValues values;
  private final Map<String, Object> kafka;
  private final Map<String, String> elasticsearchHeaders;

  VigieConfig(Map<String, String> merged) {
    this.merged = Map.copyOf(merged);
    Map<String, String> own = new LinkedHashMap<>();
    Map<String, Object> kafkaProps = new LinkedHashMap<>();
    Map<String, String> headers = new LinkedHashMap<>();
    merged.forEach(
        (key, value) -> {
          if (key.startsWith(ELASTICSEARCH_HEADER_PREFIX)) {
            headers.put(key.substring(ELASTICSEARCH_HEADER_PREFIX.length()), value);
          } else if (key.startsWith(KAFKA_PREFIX)) {
            String clientKey = key.substring(KAFKA_PREFIX.length());
            if (!KafkaClientKeys.isKnown(clientKey)) {
              // No value in the message: a mistyped key may well hold a password.
              throw new ConfigException(
                  "Unknown Kafka client configuration key '" + key + "'" + suggestion(key));
            }
            kafkaProps.put(clientKey, value);
          } else if (DEFINITION.names().contains(key)) {
            own.put(key, value);
          } else {
            throw new ConfigException(key, value, "unknown configuration key" + suggestion(key));
          }
        });
    this.values = new ConfigValues(DEFINITION.parse(own));
    this.kafka = Map.copyOf(kafkaProps);
    this.elasticsearchHeaders = Map.copyOf(headers);
  }

  /** This configuration with one key set (validated like any other source). */
  public VigieConfig with(String key, String value) {
    Map<String, String> next = new LinkedHashMap<>(merged);
    next.put(key, value);
    return new VigieConfig(next);
  }

  /** The configuration with nothing but defaults. */
  public static VigieConfig defaults() {
    return new VigieConfig(Map.of());
  }

  /**
   * Whether a key is Vigie's own, a key of the Kafka clients under {@code kafka.} (see {@link
   * KafkaClientKeys}), or an Elasticsearch header.
   */
  public static boolean isKnown(String key) {
    return DEFINITION.names().contains(key)
        || (key.startsWith(KAFKA_PREFIX)
            && KafkaClientKeys.isKnown(key.substring(KAFKA_PREFIX.length())))
        || key.startsWith(ELASTICSEARCH_HEADER_PREFIX);
  }

  /** The end of an unknown key's message: the nearest key of the same family, if one is close. */
  static String suggestion(String key) {
    boolean kafka = key.startsWith(KAFKA_PREFIX);
    Iterable<String> candidates =
        kafka
            ? KafkaClientKeys.KNOWN.stream().map(KAFKA_PREFIX::concat).toList()
            : DEFINITION.names();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = editDistance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null && bestDistance <= 3) {
      return "; did you mean '" + best + "'?";
    }
    return kafka
        ? "; kafka.* keys are the Kafka producer, consumer, admin and Streams configs"
        : "; see 'vigie config keys'";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        row[j] = Math.min(substitution, Math.min(previous[j], row[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = row;
      row = swap;
    }
    return previous[b.length()];
  }

  private static ConfigDef compose(List<ConfigFragment> fragments) {
    ConfigDef definition = new ConfigDef();
    fragments.forEach(fragment -> fragment.define(definition));
    return definition;
  }

  // ---- typed views -------------------------------------------------------------------------

  public String string(String key) {
    return values.string(key);
  }

  public int integer(String key) {
    return values.integer(key);
  }

  public long longValue(String key) {
    return values.longValue(key);
  }

  public double doubleValue(String key) {
    return values.doubleValue(key);
  }

  public boolean bool(String key) {
    return values.bool(key);
  }

  /** A password-type value as it is (commas included), if set. */
  public Optional<String> password(String key) {
    return values.password(key);
  }

  /** A comma-separated secret list, empty when unset. */
  public List<String> secrets(String key) {
    return values.secrets(key);
  }

  /** The parsed values, for the modules' settings. */
  ConfigValues values() {
    return values;
  }

  /** Client properties from {@code kafka.*}, prefix removed. */
  public Map<String, Object> kafkaProperties() {
    return kafka;
  }

  /**
   * Kafka client properties, with {@code bootstrap.servers} taken from the given local broker if
   * none is configured.
   */
  public Map<String, Object> kafkaProperties(Optional<String> localBootstrap) {
    Map<String, Object> props = new LinkedHashMap<>(kafka);
    if (!props.containsKey("bootstrap.servers")) {
      props.put(
          "bootstrap.servers",
          localBootstrap.orElseThrow(
              () ->
                  new ConfigException(
                      KAFKA_BOOTSTRAP,
                      null,
                      "no Kafka cluster: set kafka.bootstrap.servers (from a Vigie source checkout, './vigie stack up' starts a local one)")));
    }
    return Map.copyOf(props);
  }

  /** True when Kafka is configured, so no local broker starts. */
  public boolean hasExternalKafka() {
    return kafka.containsKey("bootstrap.servers");
  }

  /** True when Elasticsearch is configured, so no local server starts. */
  public boolean hasExternalElasticsearch() {
    return IndexerConfigKeys.hasExternalElasticsearch(values);
  }

  /** How to reach Elasticsearch: the configured cluster, else the given local server. */
  public ElasticsearchSettings elasticsearchSettings(Optional<URI> local) {
    return IndexerConfigKeys.elasticsearchSettings(values, elasticsearchHeaders, local);
  }

  public Path stackDir() {
    return AppConfigKeys.stackDir(values);
  }

  public StreamsSettings streamsSettings(Map<String, Object> kafkaProperties) {
    return StreamsConfigKeys.streamsSettings(values, kafkaProperties, stackDir());
  }

  public TopologySettings topologySettings() {
    return StreamsConfigKeys.topologySettings(values);
  }

  /**
   * The detectors' settings: the defaults, with the configured horizons, grace, warm-up and
   * false-alarm budget.
   */
  public DetectionSettings detectionSettings() {
    return StreamsConfigKeys.detectionSettings(values);
  }

  public PipelineWatch.Settings watchdogSettings() {
    return AlertsConfigKeys.watchdogSettings(values);
  }

  /** How long each kind of index is kept ({@code elasticsearch.*-retention-days}). */
  public IndexTemplates.Retention indexRetention() {
    return IndexerConfigKeys.indexRetention(values);
  }

  public IndexerSettings indexerSettings() {
    return IndexerConfigKeys.indexerSettings(values);
  }

  /** Every effective value, secrets masked, for 'vigie config show'. */
  public Map<String, String> describe() {
    Map<String, String> shown = new LinkedHashMap<>();
    DEFINITION.names().stream().sorted().forEach(key -> shown.put(key, values.shown(key)));
    kafka.forEach(
        (key, value) ->
            shown.put(KAFKA_PREFIX + key, isSecret(key) ? "[hidden]" : String.valueOf(value)));
    elasticsearchHeaders.forEach(
        (key, value) -> shown.put(ELASTICSEARCH_HEADER_PREFIX + key, "[hidden]"));
    return shown;
  }

  private static boolean isSecret(String kafkaKey) {
    String lower = kafkaKey.toLowerCase(Locale.ROOT);
    return lower.contains("password")
        || lower.contains("jaas")
        || lower.contains("secret")
        || lower.contains("key");
  }
}
