package io.vigie.ops.config;

import io.vigie.alerts.watchdog.PipelineWatch;
import io.vigie.indexer.IndexerSettings;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.ingest.Durations;
import io.vigie.streams.BoundedRocksDbMemory;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.TopologySettings;
import io.vigie.streams.dedup.DedupSettings;
import io.vigie.streams.detect.DetectionSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Vigie's typed configuration: every key has a type, a default, a validator and one line of
 * documentation ({@link #DEFINITION}). Keys under {@code kafka.} pass through, prefix removed, to
 * every Kafka client (bootstrap servers, TLS, SASL), once checked against the clients' own config
 * definitions ({@link KafkaClientKeys}); keys under {@code elasticsearch.header.} become HTTP
 * headers of the Elasticsearch client. Any other unknown key is an error. Values come from {@link
 * ConfigLoader}, which layers defaults, a file, the environment and flags.
 */
public final class VigieConfig {

  public static final String KAFKA_PREFIX = "kafka.";
  public static final String ELASTICSEARCH_HEADER_PREFIX = "elasticsearch.header.";
  public static final String KAFKA_BOOTSTRAP = KAFKA_PREFIX + "bootstrap.servers";

  public static final String STACK_DIR = "stack.dir";
  public static final String STACK_KAFKA_PORT = "stack.kafka.port";
  public static final String STACK_KAFKA_HEAP = "stack.kafka.heap";
  public static final String STACK_ES_PORT = "stack.elasticsearch.port";
  public static final String STACK_ES_HEAP = "stack.elasticsearch.heap";
  public static final String STACK_ES_VERSION = "stack.elasticsearch.version";
  public static final String STACK_ES_JAVA_HOME = "stack.elasticsearch.java-home";
  public static final String STACK_ES_USER = "stack.elasticsearch.user";
  public static final String STACK_MAVEN_REPOSITORY = "stack.maven-repository";
  public static final String STACK_START_TIMEOUT = "stack.start-timeout-seconds";

  public static final String TOPICS_PREFIX = "topics.prefix";
  public static final String TOPICS_PARTITIONS = "topics.partitions";
  public static final String TOPICS_REPLICATION = "topics.replication-factor";
  public static final String TOPICS_RETENTION_HOURS = "topics.retention-hours";

  public static final String STREAMS_APPLICATION_ID = "streams.application-id";
  public static final String STREAMS_STATE_DIR = "streams.state-dir";
  public static final String STREAMS_GUARANTEE = "streams.processing-guarantee";
  public static final String STREAMS_THREADS = "streams.threads";
  public static final String STREAMS_STANDBY_REPLICAS = "streams.standby-replicas";
  public static final String STREAMS_COMMIT_INTERVAL_MS = "streams.commit-interval-ms";
  public static final String STREAMS_ROCKSDB_MEMORY_MB = "streams.rocksdb-memory-mb";
  public static final String STREAMS_QUERY_HOST = "streams.query.host";
  public static final String STREAMS_QUERY_PORT = "streams.query.port";
  public static final String STREAMS_QUERY_ADVERTISED_HOST = "streams.query.advertised-host";
  public static final String DEDUP_REDELIVERY_RETENTION = "dedup.redelivery-retention-minutes";
  public static final String DEDUP_CLUSTER_RETENTION = "dedup.cluster-retention-minutes";
  public static final String DEDUP_CLUSTER_PARTITIONS = "dedup.cluster-partitions";
  public static final String DEDUP_SIMILARITY = "dedup.similarity-threshold";
  public static final String WATCH_REFRESH_MS = "watch.refresh-ms";
  public static final String DETECT_HORIZONS = "detect.horizons";
  public static final String DETECT_GRACE_SECONDS = "detect.grace-seconds";
  public static final String DETECT_WARMUP_MINUTES = "detect.warmup-minutes";
  public static final String DETECT_COMMON_TERM_SHARE = "detect.incidents.common-term-share";
  public static final String DETECT_PAGE_GLOBAL = "detect.paging.min-excess-global";
  public static final String DETECT_PAGE_CRISIS = "detect.paging.min-excess-crisis";
  public static final String DETECT_PAGE_RULE = "detect.paging.min-excess-rule";
  public static final String DETECT_PAGE_TERM = "detect.paging.min-excess-term";
  public static final String DETECT_PAGE_CLUSTER = "detect.paging.min-excess-cluster";
  public static final String DETECT_FALSE_ALARMS_PER_DAY = "detect.false-alarms-per-day";

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
  public static final String API_TOKENS = "api.tokens";
  public static final String INDEXER_BULK_OPERATIONS = "indexer.bulk.max-operations";
  public static final String INDEXER_BULK_BYTES = "indexer.bulk.max-bytes";
  public static final String INDEXER_FLUSH_MS = "indexer.bulk.flush-interval-ms";
  public static final String INDEXER_CONCURRENT = "indexer.bulk.max-concurrent-requests";
  public static final String INDEXER_BACKOFF_MAX_MS = "indexer.retry.max-backoff-ms";

  public static final String LOG_FILE = "log.file";

  public static final String METRICS_HOST = "metrics.host";
  public static final String METRICS_PORT = "metrics.port";
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

  private static final String HEAP_PATTERN = "\\d+[mMgG]";

  public static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              STACK_DIR,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Folder of the local stack: downloads, binaries, server data and logs. Empty: /var/tmp/vigie-<user>.")
          .define(
              STACK_KAFKA_PORT,
              Type.INT,
              0,
              Range.between(0, 65535),
              Importance.LOW,
              "Port of the local Kafka broker on 127.0.0.1; 0 picks a free one.")
          .define(
              STACK_KAFKA_HEAP,
              Type.STRING,
              "512m",
              matching(HEAP_PATTERN),
              Importance.LOW,
              "Heap of the local Kafka broker, e.g. 512m or 1g.")
          .define(
              STACK_ES_PORT,
              Type.INT,
              0,
              Range.between(0, 65535),
              Importance.LOW,
              "HTTP port of the local Elasticsearch on 127.0.0.1; 0 picks a free one.")
          .define(
              STACK_ES_HEAP,
              Type.STRING,
              "1g",
              matching(HEAP_PATTERN),
              Importance.LOW,
              "Heap of the local Elasticsearch, e.g. 512m or 1g.")
          .define(
              STACK_ES_VERSION,
              Type.STRING,
              "9.2.0",
              matching("\\d+\\.\\d+\\.\\d+"),
              Importance.LOW,
              "Version of the Elasticsearch distribution the local stack downloads from Maven Central.")
          .define(
              STACK_ES_JAVA_HOME,
              Type.STRING,
              "",
              Importance.LOW,
              "JDK 21+ for the local Elasticsearch. Empty: ES_JAVA_HOME, JAVA_HOME, this JVM, then /usr/lib/jvm.")
          .define(
              STACK_ES_USER,
              Type.STRING,
              "vigie-es",
              matching("[a-z_][a-z0-9_-]{0,31}"),
              Importance.LOW,
              "Unprivileged system user that runs the local Elasticsearch when Vigie runs as root (created if missing).")
          .define(
              STACK_MAVEN_REPOSITORY,
              Type.STRING,
              "https://repo.maven.apache.org/maven2",
              Importance.LOW,
              "Maven repository the Elasticsearch distribution is downloaded from when it is not in the local Maven repository.")
          .define(
              STACK_START_TIMEOUT,
              Type.INT,
              180,
              Range.atLeast(10),
              Importance.LOW,
              "How long the local stack may take to become ready, in seconds.")
          .define(
              TOPICS_PREFIX,
              Type.STRING,
              "vigie.",
              matching("[a-zA-Z0-9._-]*"),
              Importance.MEDIUM,
              "Prefix of every topic name.")
          .define(
              TOPICS_PARTITIONS,
              Type.INT,
              6,
              Range.atLeast(1),
              Importance.MEDIUM,
              "Partitions of the topics Vigie creates: the most instances that can share the work.")
          .define(
              TOPICS_REPLICATION,
              Type.SHORT,
              (short) -1,
              Range.between(-1, 32),
              Importance.MEDIUM,
              "Replication factor of the topics Vigie creates; -1 uses the broker's default.replication.factor.")
          .define(
              TOPICS_RETENTION_HOURS,
              Type.INT,
              168,
              Range.atLeast(1),
              Importance.LOW,
              "Retention of the time-based topics (posts, signals, alerts, dead letters), in hours.")
          .define(
              STREAMS_APPLICATION_ID,
              Type.STRING,
              "vigie-streams",
              matching("[a-zA-Z0-9._-]+"),
              Importance.HIGH,
              "Kafka Streams application id: consumer group, internal topic and state prefix.")
          .define(
              STREAMS_STATE_DIR,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Folder of the state stores. Empty: <stack.dir>/streams-state.")
          .define(
              STREAMS_GUARANTEE,
              Type.STRING,
              "exactly_once_v2",
              ValidString.in("exactly_once_v2", "at_least_once"),
              Importance.MEDIUM,
              "Processing guarantee of the topologies.")
          .define(
              STREAMS_THREADS,
              Type.INT,
              1,
              Range.between(1, 64),
              Importance.MEDIUM,
              "Stream threads per instance.")
          .define(
              STREAMS_COMMIT_INTERVAL_MS,
              Type.INT,
              250,
              Range.between(10, 60_000),
              Importance.LOW,
              "How often Kafka Streams commits, in milliseconds. Under exactly-once a record is visible downstream only after its transaction commits, and a post crosses three such hops before the enriched topic: on the 2-core reference machine 1 s gave a p99 of 4.2 s from ingest to searchable and 250 ms 2.0 s, for 7% less throughput; Kafka's 100 ms default cost a third of it (docs/benchmarks/pipeline.md).")
          .define(
              STREAMS_ROCKSDB_MEMORY_MB,
              Type.INT,
              256,
              Range.between(16, 1_048_576),
              Importance.MEDIUM,
              "Off-heap memory for all the RocksDB state stores of one process, in MiB: block cache, index and filter blocks and memtables (a quarter at most) share it. Add it to the JVM heap when sizing a container.")
          .define(
              STREAMS_STANDBY_REPLICAS,
              Type.INT,
              0,
              Range.between(0, 8),
              Importance.LOW,
              "Standby replicas of each state store, for fast fail-over.")
          .define(
              STREAMS_QUERY_HOST,
              Type.STRING,
              "127.0.0.1",
              Importance.MEDIUM,
              "Address the interactive queries over the detection stores (GET /v1/subjects/{subject}, /v1/instances) listen on; beyond loopback they need api.tokens.")
          .define(
              STREAMS_QUERY_PORT,
              Type.INT,
              -1,
              Range.between(-1, 65535),
              Importance.MEDIUM,
              "Port of the interactive queries, and of this instance's application.server; -1 serves none, 0 picks a free port.")
          .define(
              STREAMS_QUERY_ADVERTISED_HOST,
              Type.STRING,
              "",
              Importance.LOW,
              "Name the other instances reach this one's interactive queries by (a pod's DNS name); empty: streams.query.host.")
          .define(
              DEDUP_REDELIVERY_RETENTION,
              Type.INT,
              1440,
              Range.between(1, 7 * 1440),
              Importance.MEDIUM,
              "How long a post's <source>:<id> is remembered to drop its redeliveries, in minutes (state grows with posts per retention).")
          .define(
              DEDUP_CLUSTER_RETENTION,
              Type.INT,
              1440,
              Range.between(1, 7 * 1440),
              Importance.MEDIUM,
              "How long a near-duplicate cluster stays open after its latest copy, in minutes.")
          .define(
              DEDUP_CLUSTER_PARTITIONS,
              Type.INT,
              1,
              Range.between(1, 1024),
              Importance.MEDIUM,
              "Partitions of the near-duplicate clustering stage. 1 compares every post with every cluster; more spread the work, and near-duplicates (not exact copies) then meet only when routed to the same partition.")
          .define(
              DEDUP_SIMILARITY,
              Type.DOUBLE,
              0.6,
              Range.between(0.1, 1.0),
              Importance.LOW,
              "MinHash similarity (estimated Jaccard of 5-character shingles) from which a post joins a cluster.")
          .define(
              WATCH_REFRESH_MS,
              Type.INT,
              1000,
              Range.between(100, 600_000),
              Importance.LOW,
              "How often each enrichment task recompiles the watch rules from their topic, in milliseconds.")
          .define(
              DETECT_HORIZONS,
              Type.LIST,
              "1m,5m",
              new BucketWidths(),
              Importance.MEDIUM,
              "Widths of the event-time buckets volume spikes are judged in, e.g. 1m,5m: short ones alert sooner, long ones see slower rises.")
          .define(
              DETECT_GRACE_SECONDS,
              Type.INT,
              120,
              Range.between(0, 86_400),
              Importance.LOW,
              "How late a post may arrive (behind the newest event time) and still count; later ones are dropped and counted.")
          .define(
              DETECT_WARMUP_MINUTES,
              Type.INT,
              120,
              Range.between(0, 7 * 1440),
              Importance.LOW,
              "How long the detectors watch before a key seen for the first time is taken to have been silent before, so that a new crisis term alerts on its first burst.")
          .define(
              DETECT_COMMON_TERM_SHARE,
              Type.DOUBLE,
              0.002,
              Range.between(0.0, 1.0),
              Importance.LOW,
              "Usual share of original posts from which a term or hashtag is common: a common word does not join a signal to an open incident.")
          .define(
              DETECT_PAGE_GLOBAL,
              Type.DOUBLE,
              50.0,
              Range.atLeast(0.0),
              Importance.LOW,
              "Posts above the expectation a rise of all posts needs to add to an incident; it never pages on its own.")
          .define(
              DETECT_PAGE_CRISIS,
              Type.DOUBLE,
              2.0,
              Range.atLeast(0.0),
              Importance.LOW,
              "Posts above the expectation a crisis-vocabulary signal needs to page (above INFO).")
          .define(
              DETECT_PAGE_RULE,
              Type.DOUBLE,
              2.0,
              Range.atLeast(0.0),
              Importance.LOW,
              "Posts above the expectation a watch rule's signal needs to page (negative posts above the usual share for a sentiment shift).")
          .define(
              DETECT_PAGE_TERM,
              Type.DOUBLE,
              5.0,
              Range.atLeast(0.0),
              Importance.LOW,
              "Posts above the expectation a term's or hashtag's signal needs to page.")
          .define(
              DETECT_PAGE_CLUSTER,
              Type.DOUBLE,
              10.0,
              Range.atLeast(0.0),
              Importance.LOW,
              "Posts above the expectation a near-duplicate cluster's signal (coordination, virality) needs to page.")
          .define(
              DETECT_FALSE_ALARMS_PER_DAY,
              Type.DOUBLE,
              1.0,
              Range.between(0.001, 1000.0),
              Importance.MEDIUM,
              "Volume episodes the whole deployment may open by chance per day: half for the busy keys (everything, crisis vocabulary, watch rules), half for hashtags and terms; each key's CUSUM threshold follows from its share (docs/detection.md).")
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
              "Replicas of each index shard (the local stack, a single node, uses 0).")
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
              "Port of the alert API; 0 picks a free one.")
          .define(
              API_TOKENS,
              Type.PASSWORD,
              null,
              Importance.HIGH,
              "Bearer tokens of the alert API, comma-separated token=user:role entries (role viewer or responder); the API starts only when set. Never logged.")
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
              "Consumer lag (records) above which lag still rising over 5 minutes raises an alert; it ends below half of it.")
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
              "Longest wait between retries while Elasticsearch refuses or is away.")
          .define(
              LOG_FILE,
              Type.STRING,
              "",
              Importance.MEDIUM,
              "Where client and library logs go: a file, stdout or stderr. Empty: stdout for services (streams, index, alerts, ingest followers), else a new file under <stack.dir>/logs whose path the command prints.")
          .define(
              METRICS_HOST,
              Type.STRING,
              "127.0.0.1",
              Importance.MEDIUM,
              "Address the metrics endpoint (/metrics, /health) binds to; 0.0.0.0 for every interface.")
          .define(
              METRICS_PORT,
              Type.INT,
              -1,
              Range.between(-1, 65535),
              Importance.MEDIUM,
              "Port of the metrics endpoint of ingest commands (Prometheus text format); -1 serves none, 0 picks a free one. The webhook serves its metrics on its own port.")
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

  private final Map<String, String> merged;
  private final Map<String, Object> values;
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
    this.values = DEFINITION.parse(own);
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

  private static ConfigDef.Validator matching(String regex) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value != null && !value.toString().matches(regex)) {
            throw new ConfigException(name, value, "must match " + regex);
          }
        },
        () -> "matches " + regex);
  }

  // ---- typed views -------------------------------------------------------------------------

  public String string(String key) {
    return (String) values.get(key);
  }

  public int integer(String key) {
    return ((Number) values.get(key)).intValue();
  }

  public long longValue(String key) {
    return ((Number) values.get(key)).longValue();
  }

  public double doubleValue(String key) {
    return ((Number) values.get(key)).doubleValue();
  }

  public boolean bool(String key) {
    return (Boolean) values.get(key);
  }

  /** A password-type value as it is (commas included), if set. */
  public Optional<String> password(String key) {
    return Optional.ofNullable(secret(key)).filter(v -> !v.isEmpty());
  }

  /** A comma-separated secret list, empty when unset. */
  public List<String> secrets(String key) {
    String value = secret(key);
    return value == null
        ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private String secret(String key) {
    Password password = (Password) values.get(key);
    return password == null ? null : password.value();
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
                      "no Kafka cluster: set kafka.bootstrap.servers, or start the local stack with 'vigie stack up'")));
    }
    return Map.copyOf(props);
  }

  /** True when Kafka is configured, so no local broker starts. */
  public boolean hasExternalKafka() {
    return kafka.containsKey("bootstrap.servers");
  }

  /** True when Elasticsearch is configured, so no local server starts. */
  public boolean hasExternalElasticsearch() {
    return !urls().isEmpty();
  }

  @SuppressWarnings("unchecked")
  private List<String> urls() {
    return (List<String>) values.get(ES_URLS);
  }

  /** How to reach Elasticsearch: the configured cluster, else the given local server. */
  public ElasticsearchSettings elasticsearchSettings(Optional<URI> local) {
    List<URI> hosts =
        hasExternalElasticsearch()
            ? urls().stream().map(VigieConfig::uri).toList()
            : List.of(
                local.orElseThrow(
                    () ->
                        new ConfigException(
                            ES_URLS,
                            "",
                            "no Elasticsearch cluster: set elasticsearch.urls, or start the local stack with 'vigie stack up'")));
    return new ElasticsearchSettings(
        hosts,
        secret(ES_API_KEY),
        string(ES_USERNAME),
        secret(ES_PASSWORD),
        string(ES_CA_FINGERPRINT),
        elasticsearchHeaders);
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

  public Path stackDir() {
    String configured = string(STACK_DIR);
    if (!configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of("/var/tmp", "vigie-" + System.getProperty("user.name", "user"));
  }

  public StreamsSettings streamsSettings(Map<String, Object> kafkaProperties) {
    String stateDir = string(STREAMS_STATE_DIR);
    Map<String, Object> streamsProperties = new LinkedHashMap<>(kafkaProperties);
    // A kafka.commit.interval.ms given explicitly still wins.
    streamsProperties.putIfAbsent("commit.interval.ms", integer(STREAMS_COMMIT_INTERVAL_MS));
    streamsProperties.putIfAbsent(
        BoundedRocksDbMemory.MEMORY_BYTES_CONFIG,
        integer(STREAMS_ROCKSDB_MEMORY_MB) * 1024L * 1024L);
    return new StreamsSettings(
        string(STREAMS_APPLICATION_ID),
        stateDir.isBlank() ? stackDir().resolve("streams-state") : Path.of(stateDir),
        string(STREAMS_GUARANTEE),
        integer(STREAMS_THREADS),
        integer(STREAMS_STANDBY_REPLICAS),
        streamsProperties);
  }

  public TopologySettings topologySettings() {
    return new TopologySettings(
        new DedupSettings(
            Duration.ofMinutes(integer(DEDUP_REDELIVERY_RETENTION)),
            Duration.ofMinutes(integer(DEDUP_CLUSTER_RETENTION)),
            integer(DEDUP_CLUSTER_PARTITIONS),
            doubleValue(DEDUP_SIMILARITY),
            DedupSettings.defaults().minClusterTextLength()),
        Duration.ofMillis(integer(WATCH_REFRESH_MS)),
        detectionSettings());
  }

  /**
   * The detectors' settings: the defaults, with the configured horizons, grace, warm-up and
   * false-alarm budget.
   */
  @SuppressWarnings("unchecked")
  public DetectionSettings detectionSettings() {
    return DetectionSettings.defaults()
        .withHorizons(
            ((List<String>) values.get(DETECT_HORIZONS)).stream().map(Durations::parse).toList())
        .withGrace(Duration.ofSeconds(integer(DETECT_GRACE_SECONDS)))
        .withWarmup(Duration.ofMinutes(integer(DETECT_WARMUP_MINUTES)))
        .withIncidents(incidentSettings())
        .withFalseAlarmsPerDay(doubleValue(DETECT_FALSE_ALARMS_PER_DAY));
  }

  /** Joining and paging: the defaults with the configured {@code detect.incidents.*} and paging. */
  private DetectionSettings.Incidents incidentSettings() {
    var defaults = DetectionSettings.defaults().incidents();
    return new DetectionSettings.Incidents(
        defaults.mergeWindow(),
        doubleValue(DETECT_COMMON_TERM_SHARE),
        defaults.quietPeriod(),
        new DetectionSettings.Paging(
            doubleValue(DETECT_PAGE_GLOBAL),
            doubleValue(DETECT_PAGE_CRISIS),
            doubleValue(DETECT_PAGE_RULE),
            doubleValue(DETECT_PAGE_TERM),
            doubleValue(DETECT_PAGE_CLUSTER)));
  }

  public PipelineWatch.Settings watchdogSettings() {
    var defaults = PipelineWatch.Settings.defaults();
    return new PipelineWatch.Settings(
        Duration.ofMinutes(integer(WATCHDOG_SOURCE_SILENCE_MINUTES)),
        defaults.sourceMinPosts(),
        longValue(WATCHDOG_LAG_THRESHOLD),
        defaults.lagWindow(),
        defaults.deadLetterWindow(),
        defaults.deadLetterFloor(),
        defaults.deadLetterFactor(),
        defaults.elasticsearchFailures());
  }

  /** How long each kind of index is kept ({@code elasticsearch.*-retention-days}). */
  public IndexTemplates.Retention indexRetention() {
    return new IndexTemplates.Retention(
        Duration.ofDays(integer(ES_POSTS_RETENTION_DAYS)),
        Duration.ofDays(integer(ES_SIGNALS_RETENTION_DAYS)),
        Duration.ofDays(integer(ES_ALERTS_RETENTION_DAYS)));
  }

  public IndexerSettings indexerSettings() {
    return new IndexerSettings(
        string(ES_INDEX_PREFIX),
        integer(INDEXER_BULK_OPERATIONS),
        longValue(INDEXER_BULK_BYTES),
        Duration.ofMillis(longValue(INDEXER_FLUSH_MS)),
        integer(INDEXER_CONCURRENT),
        Duration.ofMillis(100),
        Duration.ofMillis(longValue(INDEXER_BACKOFF_MAX_MS)));
  }

  /** Every effective value, secrets masked, for 'vigie config show'. */
  public Map<String, String> describe() {
    Map<String, String> shown = new LinkedHashMap<>();
    DEFINITION.names().stream()
        .sorted()
        .forEach(key -> shown.put(key, String.valueOf(values.get(key))));
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

  /** Validates a list of bucket widths: durations as typed on a command line, 10 s or more. */
  private static final class BucketWidths implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> widths = (List<String>) value;
      if (widths == null || widths.isEmpty()) {
        throw new ConfigException(name, value, "at least one bucket width, e.g. 1m,5m");
      }
      for (String width : widths) {
        Duration parsed;
        try {
          parsed = Durations.parse(width);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, width, e.getMessage());
        }
        if (parsed.toSeconds() < 10) {
          throw new ConfigException(name, width, "buckets of at least 10s");
        }
      }
    }

    @Override
    public String toString() {
      return "durations of 10s or more, e.g. 1m,5m";
    }
  }
}
