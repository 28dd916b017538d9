package io.vigie.indexer;

import static io.vigie.core.config.ConfigValidators.matching;

import io.vigie.core.config.ConfigValues;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.indexer.setup.IndexTemplates;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The keys of Elasticsearch ({@code elasticsearch.*}; keys under {@code elasticsearch.header.}
 * become HTTP headers of its client) and of the indexer ({@code indexer.*}), and the settings
 * records built from their values.
 */
public final class IndexerConfigKeys {

  public static final String ELASTICSEARCH_HEADER_PREFIX = "elasticsearch.header.";

  public static final String ES_URLS = "elasticsearch.urls";
  public static final String ES_API_KEY = "elasticsearch.api-key";
  public static final String ES_USERNAME = "elasticsearch.username";
  public static final String ES_PASSWORD = "elasticsearch.password";
  public static final String ES_CA_FINGERPRINT = "elasticsearch.ca-fingerprint";
  public static final String ES_INDEX_PREFIX = "elasticsearch.index-prefix";
  public static final String ES_REPLICAS = "elasticsearch.index-replicas";
  public static final String ES_POSTS_RETENTION_DAYS = "elasticsearch.posts-retention-days";
  public static final String ES_SIGNALS_RETENTION_DAYS = "elasticsearch.signals-retention-days";
  public static final String ES_ALERTS_RETENTION_DAYS = "elasticsearch.alerts-retention-days";
  public static final String ES_RETENTION_SWEEP_MINUTES = "elasticsearch.retention-sweep-minutes";

  public static final String INDEXER_GROUP_ID = "indexer.group-id";
  public static final String INDEXER_BULK_OPERATIONS = "indexer.bulk.max-operations";
  public static final String INDEXER_BULK_BYTES = "indexer.bulk.max-bytes";
  public static final String INDEXER_FLUSH_MS = "indexer.bulk.flush-interval-ms";
  public static final String INDEXER_CONCURRENT = "indexer.bulk.max-concurrent-requests";
  public static final String INDEXER_BACKOFF_MAX_MS = "indexer.retry.max-backoff-ms";

  private IndexerConfigKeys() {}

  /** Adds the {@code elasticsearch.*} keys. */
  public static ConfigDef defineElasticsearch(ConfigDef definition) {
    return definition
        .define(
            ES_URLS,
            Type.LIST,
            "",
            Importance.HIGH,
            "Elasticsearch URLs, comma-separated. Empty: the local stack's.")
        .define(
            ES_API_KEY,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Elasticsearch API key (the encoded form). Never logged.")
        .define(
            ES_USERNAME,
            Type.STRING,
            null,
            Importance.MEDIUM,
            "Elasticsearch user for basic authentication.")
        .define(
            ES_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Password of elasticsearch.username. Never logged.")
        .define(
            ES_CA_FINGERPRINT,
            Type.STRING,
            null,
            Importance.LOW,
            "SHA-256 fingerprint of the cluster's CA certificate, for self-signed TLS.")
        .define(
            ES_INDEX_PREFIX,
            Type.STRING,
            "vigie-",
            matching("[a-z0-9._-]*"),
            Importance.MEDIUM,
            "Prefix of every index, index template and component template name.")
        .define(
            ES_POSTS_RETENTION_DAYS,
            Type.INT,
            90,
            Range.atLeast(1),
            Importance.LOW,
            "Days a monthly posts index is kept: with index lifecycle management, the cluster deletes it this long after its creation; without, Vigie does once both its month and its creation are this long past (docs/elasticsearch.md#retention).")
        .define(
            ES_SIGNALS_RETENTION_DAYS,
            Type.INT,
            365,
            Range.atLeast(1),
            Importance.LOW,
            "Days a monthly signals index is kept, as for posts.")
        .define(
            ES_ALERTS_RETENTION_DAYS,
            Type.INT,
            365,
            Range.atLeast(1),
            Importance.LOW,
            "Days a monthly alerts index, and an alert-actions index (the audit trail), is kept, as for posts.")
        .define(
            ES_RETENTION_SWEEP_MINUTES,
            Type.INT,
            60,
            Range.between(0, 7 * 24 * 60),
            Importance.LOW,
            "How often vigie index deletes indices past their retention on a cluster without index lifecycle management, in minutes; 0 never (run vigie retention instead, e.g. daily).")
        .define(
            ES_REPLICAS,
            Type.INT,
            1,
            Range.between(0, 16),
            Importance.LOW,
            "Replicas of each index shard (the local stack, a single node, uses 0).");
  }

  /** Adds the {@code indexer.*} keys. */
  public static ConfigDef defineIndexer(ConfigDef definition) {
    return definition
        .define(
            INDEXER_GROUP_ID,
            Type.STRING,
            "vigie-indexer",
            matching("[a-zA-Z0-9._-]+"),
            Importance.MEDIUM,
            "Consumer group of the indexer.")
        .define(
            INDEXER_BULK_OPERATIONS,
            Type.INT,
            1000,
            Range.atLeast(1),
            Importance.LOW,
            "Operations per bulk request.")
        .define(
            INDEXER_BULK_BYTES,
            Type.LONG,
            5L * 1024 * 1024,
            Range.atLeast(1024),
            Importance.LOW,
            "Bytes per bulk request.")
        .define(
            INDEXER_FLUSH_MS,
            Type.LONG,
            1000L,
            Range.atLeast(1),
            Importance.LOW,
            "A partial bulk request is sent after this many milliseconds.")
        .define(
            INDEXER_CONCURRENT,
            Type.INT,
            1,
            Range.atLeast(1),
            Importance.LOW,
            "Bulk requests in flight at once.")
        .define(
            INDEXER_BACKOFF_MAX_MS,
            Type.LONG,
            30_000L,
            Range.atLeast(100),
            Importance.LOW,
            "Longest wait between retries while Elasticsearch refuses or is away.");
  }

  /** True when Elasticsearch is configured, so no local server starts. */
  public static boolean hasExternalElasticsearch(ConfigValues values) {
    return !values.list(ES_URLS).isEmpty();
  }

  /** How to reach Elasticsearch: the configured cluster, else the given local server. */
  public static ElasticsearchSettings elasticsearchSettings(
      ConfigValues values, Map<String, String> headers, Optional<URI> local) {
    List<URI> hosts =
        hasExternalElasticsearch(values)
            ? values.list(ES_URLS).stream().map(IndexerConfigKeys::uri).toList()
            : List.of(
                local.orElseThrow(
                    () ->
                        new ConfigException(
                            ES_URLS,
                            "",
                            "no Elasticsearch cluster: set elasticsearch.urls (from a Vigie source checkout, './vigie stack up' starts a local one)")));
    return new ElasticsearchSettings(
        hosts,
        values.secret(ES_API_KEY),
        values.string(ES_USERNAME),
        values.secret(ES_PASSWORD),
        values.string(ES_CA_FINGERPRINT),
        headers);
  }

  private static URI uri(String url) {
    try {
      URI uri = URI.create(url.strip());
      if (uri.getScheme() == null
          || !Arrays.asList("http", "https").contains(uri.getScheme())
          || uri.getHost() == null) {
        throw new IllegalArgumentException("not an http(s) URL");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ES_URLS, url, e.getMessage());
    }
  }

  /** How long each kind of index is kept ({@code elasticsearch.*-retention-days}). */
  public static IndexTemplates.Retention indexRetention(ConfigValues values) {
    return new IndexTemplates.Retention(
        Duration.ofDays(values.integer(ES_POSTS_RETENTION_DAYS)),
        Duration.ofDays(values.integer(ES_SIGNALS_RETENTION_DAYS)),
        Duration.ofDays(values.integer(ES_ALERTS_RETENTION_DAYS)));
  }

  public static IndexerSettings indexerSettings(ConfigValues values) {
    return new IndexerSettings(
        values.string(ES_INDEX_PREFIX),
        values.integer(INDEXER_BULK_OPERATIONS),
        values.longValue(INDEXER_BULK_BYTES),
        Duration.ofMillis(values.longValue(INDEXER_FLUSH_MS)),
        values.integer(INDEXER_CONCURRENT),
        Duration.ofMillis(100),
        Duration.ofMillis(values.longValue(INDEXER_BACKOFF_MAX_MS)));
  }
}
