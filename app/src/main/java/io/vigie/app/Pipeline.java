package io.vigie.app;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.Metrics;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.indexer.Indexer;
import io.vigie.indexer.IndexerProcess;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsProcess;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.VigieStreamsApp;
import io.vigie.streams.query.SubjectQueryServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * Vigie's processing side in one JVM: the Kafka Streams application and the indexer, wired from
 * configuration: the composition of a {@link StreamsProcess} and an {@link IndexerProcess}. Used by
 * {@code vigie demo}, by the benchmarks and by the integration tests; the {@code streams} and
 * {@code index} commands run one process each, as configured here.
 */
public final class Pipeline implements AutoCloseable {

  /**
   * The stages' meters, in the registry {@code /metrics} serves; one for the process, like that
   * registry, so that the pipelines a process starts one after another (tests, benchmarks) set the
   * same watch-rules gauges.
   */
  private static final StageMeters METERS = new StageMeters(Metrics.globalRegistry);

  /**
   * The names a deployment uses: topics, Streams application id, index prefix and indexer group.
   */
  public record Naming(
      String topicPrefix,
      VigieTopics topics,
      String applicationId,
      String indexPrefix,
      String indexerGroupId,
      Path stateDir) {

    public static Naming of(
        String topicPrefix,
        String applicationId,
        String indexPrefix,
        String indexerGroupId,
        Path stateDir) {
      return new Naming(
          topicPrefix,
          VigieTopics.withPrefix(topicPrefix),
          applicationId,
          indexPrefix,
          indexerGroupId,
          stateDir);
    }

    public static Naming from(VigieConfig config) {
      return of(
          config.string(VigieConfig.TOPICS_PREFIX),
          config.string(VigieConfig.STREAMS_APPLICATION_ID),
          config.string(VigieConfig.ES_INDEX_PREFIX),
          config.string(VigieConfig.INDEXER_GROUP_ID),
          config.streamsSettings(Map.of()).stateDir());
    }

    /** Every topic the Streams application consumes posts and signals from. */
    public List<String> streamsInputTopics() {
      return StreamsProcess.inputTopics(topics, applicationId);
    }

    /** The topics the indexer reads: posts, signals, incidents and the actions taken on them. */
    public List<String> indexerInputTopics() {
      return IndexerProcess.inputTopics(topics);
    }

    /**
     * The consumer groups of a deployment and the topics each reads: the Streams application, the
     * indexer, and the alert dispatcher of group {@code alertsGroupId}.
     */
    public Map<String, List<String>> consumerGroups(String alertsGroupId) {
      return Map.of(
          applicationId,
          streamsInputTopics(),
          indexerGroupId,
          indexerInputTopics(),
          alertsGroupId,
          List.of(topics.alerts().name()));
    }

    /** Names of their own for one run (demo, test), so that runs never see each other's data. */
    public Naming isolated(String runId, Path runStateDir) {
      return of(
          topicPrefix + runId + ".",
          applicationId + "-" + runId,
          indexPrefix + runId + "-",
          indexerGroupId + "-" + runId,
          runStateDir);
    }
  }

  private final StreamsProcess streams;
  private final IndexerProcess indexer;

  private Pipeline(StreamsProcess streams, IndexerProcess indexer) {
    this.streams = streams;
    this.indexer = indexer;
  }

  /** Creates missing topics and installs index templates; safe to run again. */
  public static void setup(Connections connections, VigieConfig config, Naming naming, int replicas)
      throws IOException, InterruptedException {
    setup(connections, config, naming, replicas, Duration.ZERO);
  }

  /**
   * Creates missing topics, keeping records at least {@code minRetention} (more than configured
   * when replayed history reaches further back), and installs index templates; safe to run again.
   */
  public static void setup(
      Connections connections,
      VigieConfig config,
      Naming naming,
      int replicas,
      Duration minRetention)
      throws IOException, InterruptedException {
    Duration retention = Duration.ofHours(config.integer(VigieConfig.TOPICS_RETENTION_HOURS));
    try (Admin admin = Admin.create(connections.kafka())) {
      new TopicSetup(
              config.integer(VigieConfig.TOPICS_PARTITIONS),
              (short) config.integer(VigieConfig.TOPICS_REPLICATION),
              retention.compareTo(minRetention) >= 0 ? retention : minRetention)
          .ensure(admin, naming.topics());
    }
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      new IndexTemplates(naming.indexPrefix(), replicas, config.indexRetention()).apply(client);
    } finally {
      client._transport().close();
    }
  }

  /** The deployables this JVM runs. */
  public enum Part {
    STREAMS,
    INDEXER
  }

  /** Starts the Streams application and the indexer; {@link #close()} stops both. */
  public static Pipeline start(
      Connections connections, VigieConfig config, Naming naming, Clock clock) {
    return start(connections, config, naming, clock, EnumSet.allOf(Part.class));
  }

  /** Starts the chosen parts; {@link #close()} stops them. */
  public static Pipeline start(
      Connections connections, VigieConfig config, Naming naming, Clock clock, Set<Part> parts) {
    StreamsProcess streams =
        parts.contains(Part.STREAMS) ? streams(connections, config, naming, clock).start() : null;
    IndexerProcess indexer =
        parts.contains(Part.INDEXER)
            ? indexer(connections, config, naming, Optional.empty(), clock).start()
            : null;
    return new Pipeline(streams, indexer);
  }

  /**
   * The Streams process of a deployment, not started, its stages counted in the registry {@code
   * /metrics} serves; its interactive queries listen from now on when {@code streams.query.port} is
   * set.
   */
  public static StreamsProcess streams(
      Connections connections, VigieConfig config, Naming naming, Clock clock) {
    StreamsSettings defaults = config.streamsSettings(connections.kafka());
    StreamsSettings settings =
        new StreamsSettings(
            naming.applicationId(),
            naming.stateDir(),
            defaults.processingGuarantee(),
            defaults.threads(),
            defaults.standbyReplicas(),
            defaults.kafkaProperties());
    return StreamsProcess.create(
        settings, naming.topics(), config.topologySettings(), querySettings(config), METERS, clock);
  }

  private static Optional<StreamsProcess.QuerySettings> querySettings(VigieConfig config) {
    int port = config.integer(VigieConfig.STREAMS_QUERY_PORT);
    if (port < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new StreamsProcess.QuerySettings(
            config.string(VigieConfig.STREAMS_QUERY_HOST),
            port,
            config.string(VigieConfig.STREAMS_QUERY_ADVERTISED_HOST),
            ApiTokens.parse(config.secrets(VigieConfig.API_TOKENS))));
  }

  /**
   * The indexer process of a deployment, not started, counting in the registry {@code /metrics}
   * serves; with {@code sweep}, it deletes indices past their retention too.
   */
  public static IndexerProcess indexer(
      Connections connections,
      VigieConfig config,
      Naming naming,
      Optional<Duration> sweep,
      Clock clock) {
    return IndexerProcess.create(
        new IndexerProcess.Settings(
            config.indexerSettings().withIndexPrefix(naming.indexPrefix()),
            connections.kafka(),
            naming.indexerGroupId(),
            naming.topics(),
            sweep.map(every -> new IndexerProcess.RetentionSweep(config.indexRetention(), every))),
        connections.elasticsearch(),
        METERS.registry(),
        clock);
  }

  /**
   * Adds this pipeline's checks: the Streams application alive (no failed stream thread) and ready
   * (running or rebalancing), the indexer thread alive.
   */
  public Health addChecks(Health health) {
    if (streams != null) {
      streams.health(health);
    }
    if (indexer != null) {
      indexer.health(health);
    }
    return health;
  }

  public Optional<VigieStreamsApp> streams() {
    return Optional.ofNullable(streams).map(StreamsProcess::app);
  }

  /** The interactive queries this instance serves, when {@code streams.query.port} is set. */
  public Optional<SubjectQueryServer> queries() {
    return Optional.ofNullable(streams).flatMap(StreamsProcess::queries);
  }

  public Optional<Indexer> indexer() {
    return Optional.ofNullable(indexer).map(IndexerProcess::indexer);
  }

  public boolean indexerRunning() {
    return indexer != null && indexer.running();
  }

  /**
   * Stops the indexer first (its batch in hand is finished or left uncommitted), then the
   * topologies, and unbinds the metrics last.
   */
  @Override
  public void close() {
    if (indexer != null) {
      indexer.stop();
    }
    if (streams != null) {
      streams.stop();
      streams.unbindMeters();
    }
    if (indexer != null) {
      indexer.unbindMeters();
    }
  }
}
