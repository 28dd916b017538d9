package io.vigie.streams;

import static io.vigie.core.config.ConfigValidators.matching;

import io.vigie.core.config.ConfigValues;
import io.vigie.core.config.CoreConfigKeys;
import io.vigie.core.text.Durations;
import io.vigie.streams.dedup.DedupSettings;
import io.vigie.streams.detect.DetectionSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The streams processes' keys: Kafka Streams itself ({@code streams.*}), deduplication ({@code
 * dedup.*}), the watch rules ({@code watch.*}) and detection ({@code detect.*}), and the settings
 * records built from their values.
 */
public final class StreamsConfigKeys {

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
  public static final String STREAMS_UNIQUE_TOPIC = "streams.unique-topic.enabled";
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

  private StreamsConfigKeys() {}

  /** Adds the {@code streams.*}, {@code dedup.*}, {@code watch.*} and {@code detect.*} keys. */
  public static ConfigDef define(ConfigDef definition) {
    return definition
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
            "How often Kafka Streams commits, in milliseconds. Under exactly-once a record is visible downstream only after its transaction commits, and a post crossed three such hops before the enriched topic when this was measured (two since posts.unique left the path): on the 2-core reference machine 1 s gave a p99 of 4.2 s from ingest to searchable and 250 ms 2.0 s, for 7% less throughput; Kafka's 100 ms default cost a third of it (docs/benchmarks/pipeline.md).")
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
            STREAMS_UNIQUE_TOPIC,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            "Also write every deduplicated post, with its deduplication fields only (as before enrichment), to the posts.unique topic, for readers of their own. Vigie itself does not read it. The topic is created either way.")
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
            "Volume episodes the whole deployment may open by chance per day: half for the busy keys (everything, crisis vocabulary, watch rules), half for hashtags and terms; each key's CUSUM threshold follows from its share (docs/detection.md).");
  }

  /**
   * Kafka Streams' settings: the given client properties with the configured commit interval and
   * RocksDB memory, state under {@code <stack dir>/streams-state} unless configured.
   */
  public static StreamsSettings streamsSettings(
      ConfigValues values, Map<String, Object> kafkaProperties, Path stackDir) {
    String stateDir = values.string(STREAMS_STATE_DIR);
    Map<String, Object> streamsProperties = new LinkedHashMap<>(kafkaProperties);
    // A kafka.commit.interval.ms given explicitly still wins.
    streamsProperties.putIfAbsent("commit.interval.ms", values.integer(STREAMS_COMMIT_INTERVAL_MS));
    streamsProperties.putIfAbsent(
        BoundedRocksDbMemory.MEMORY_BYTES_CONFIG,
        values.integer(STREAMS_ROCKSDB_MEMORY_MB) * 1024L * 1024L);
    return new StreamsSettings(
        values.string(STREAMS_APPLICATION_ID),
        stateDir.isBlank() ? stackDir.resolve("streams-state") : Path.of(stateDir),
        values.string(STREAMS_GUARANTEE),
        values.integer(STREAMS_THREADS),
        values.integer(STREAMS_STANDBY_REPLICAS),
        streamsProperties);
  }

  /**
   * The topologies' settings; detection's subject repartition gets {@code topics.partitions}
   * partitions, the enriched-posts topic's own.
   */
  public static TopologySettings topologySettings(ConfigValues values) {
    return new TopologySettings(
        new DedupSettings(
            Duration.ofMinutes(values.integer(DEDUP_REDELIVERY_RETENTION)),
            Duration.ofMinutes(values.integer(DEDUP_CLUSTER_RETENTION)),
            values.integer(DEDUP_CLUSTER_PARTITIONS),
            values.doubleValue(DEDUP_SIMILARITY),
            DedupSettings.defaults().minClusterTextLength()),
        Duration.ofMillis(values.integer(WATCH_REFRESH_MS)),
        detectionSettings(values),
        values.bool(STREAMS_UNIQUE_TOPIC),
        values.integer(CoreConfigKeys.TOPICS_PARTITIONS));
  }

  /**
   * The detectors' settings: the defaults, with the configured horizons, grace, warm-up and
   * false-alarm budget.
   */
  public static DetectionSettings detectionSettings(ConfigValues values) {
    return DetectionSettings.defaults()
        .withHorizons(values.list(DETECT_HORIZONS).stream().map(Durations::parse).toList())
        .withGrace(Duration.ofSeconds(values.integer(DETECT_GRACE_SECONDS)))
        .withWarmup(Duration.ofMinutes(values.integer(DETECT_WARMUP_MINUTES)))
        .withIncidents(incidentSettings(values))
        .withFalseAlarmsPerDay(values.doubleValue(DETECT_FALSE_ALARMS_PER_DAY));
  }

  /** Joining and paging: the defaults with the configured {@code detect.incidents.*} and paging. */
  private static DetectionSettings.Incidents incidentSettings(ConfigValues values) {
    var defaults = DetectionSettings.defaults().incidents();
    return new DetectionSettings.Incidents(
        defaults.mergeWindow(),
        values.doubleValue(DETECT_COMMON_TERM_SHARE),
        defaults.quietPeriod(),
        new DetectionSettings.Paging(
            values.doubleValue(DETECT_PAGE_GLOBAL),
            values.doubleValue(DETECT_PAGE_CRISIS),
            values.doubleValue(DETECT_PAGE_RULE),
            values.doubleValue(DETECT_PAGE_TERM),
            values.doubleValue(DETECT_PAGE_CLUSTER)));
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
