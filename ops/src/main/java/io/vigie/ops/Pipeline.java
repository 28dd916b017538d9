package io.vigie.ops;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.indexer.IndexNames;
import io.vigie.indexer.IndexedTopic;
import io.vigie.indexer.Indexer;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.setup.TopicSetup;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.TopologySettings;
import io.vigie.streams.VigieStreamsApp;
import io.vigie.streams.dedup.DedupTopology;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.streams.detect.SubjectDetector;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.query.SubjectQueryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigie's processing side in one JVM: the Kafka Streams application and the indexer, wired from
 * configuration. Used by {@code vigie demo}, by the {@code streams} and {@code index} commands, and
 * by the integration tests.
 */
public final class Pipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

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

    /**
     * Every topic the Streams application consumes: while any has lag, posts are still on their way
     * to the enriched topic, or their signals to incidents.
     */
    public List<String> streamsInputTopics() {
      return List.of(
          topics.rawPosts().name(),
          DedupTopology.repartitionTopic(applicationId),
          topics.uniquePosts().name(),
          topics.enrichedPosts().name(),
          DetectionTopology.subjectsRepartitionTopic(applicationId),
          DetectionTopology.incidentsRepartitionTopic(applicationId));
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
          List.of(
              topics.enrichedPosts().name(),
              topics.signals().name(),
              topics.alerts().name(),
              topics.alertActions().name()),
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

  private final VigieStreamsApp streams;
  private final SubjectQueryServer queries;
  private final Indexer indexer;
  private final Thread indexerThread;
  private final ElasticsearchClient elasticsearch;
  private final List<AutoCloseable> meterBinders;

  private Pipeline(
      VigieStreamsApp streams,
      SubjectQueryServer queries,
      Indexer indexer,
      Thread indexerThread,
      ElasticsearchClient elasticsearch,
      List<AutoCloseable> meterBinders) {
    this.streams = streams;
    this.queries = queries;
    this.indexer = indexer;
    this.indexerThread = indexerThread;
    this.elasticsearch = elasticsearch;
    this.meterBinders = meterBinders;
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
    MeterRegistry registry = METERS.registry();
    VigieStreamsApp streams = null;
    List<AutoCloseable> binders = new ArrayList<>();
    SubjectQueryServer queries = null;
    if (parts.contains(Part.STREAMS)) {
      StreamsSettings defaults = config.streamsSettings(connections.kafka());
      Map<String, Object> streamsProperties = new HashMap<>(defaults.kafkaProperties());
      queries = bindQueries(config);
      if (queries != null) {
        streamsProperties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, queries.applicationServer());
      }
      StreamsSettings settings =
          new StreamsSettings(
              naming.applicationId(),
              naming.stateDir(),
              defaults.processingGuarantee(),
              defaults.threads(),
              defaults.standbyReplicas(),
              streamsProperties);
      TopologySettings topologies = config.topologySettings();
      streams =
          new VigieStreamsApp(
              settings, naming.topics(), topologies, PostEnricher.defaults(), METERS, clock);
      if (queries != null) {
        queries.attach(streams.streams(), new SubjectDetector(topologies.detection()));
      }
      KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams.streams());
      streamsMetrics.bindTo(registry);
      binders.add(streamsMetrics);
      streams.start();
    }
    if (!parts.contains(Part.INDEXER)) {
      return new Pipeline(streams, queries, null, null, null, binders);
    }

    ElasticsearchClient elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
    Map<String, Object> consumerProps = new HashMap<>(connections.kafka());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, naming.indexerGroupId());
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    Map<String, Object> producerProps = new HashMap<>(connections.kafka());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    IndexNames names = new IndexNames(naming.indexPrefix());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KafkaProducer<String, DeadLetter> deadLetterProducer =
        new KafkaProducer<>(
            producerProps,
            naming.topics().indexerDeadLetters().keySerde().serializer(),
            naming.topics().indexerDeadLetters().valueSerde().serializer());
    for (var client :
        List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(deadLetterProducer))) {
      client.bindTo(registry);
      binders.add(client);
    }
    Indexer indexer =
        new Indexer(
            config.indexerSettings().withIndexPrefix(naming.indexPrefix()),
            List.of(
                IndexedTopic.posts(naming.topics().enrichedPosts(), names),
                IndexedTopic.signals(naming.topics().signals(), names),
                IndexedTopic.alerts(naming.topics().alerts(), names),
                IndexedTopic.actions(naming.topics().alertActions(), names)),
            naming.topics().indexerDeadLetters(),
            consumer,
            deadLetterProducer,
            elasticsearch,
            registry,
            clock);
    Thread thread = new Thread(indexer, "vigie-indexer");
    thread.setUncaughtExceptionHandler(
        (t, e) ->
            log.error(
                "The indexer stopped on an error; offsets of unindexed posts stay uncommitted", e));
    thread.start();
    return new Pipeline(streams, queries, indexer, thread, elasticsearch, binders);
  }

  /**
   * Adds this pipeline's checks: the Streams application alive (no failed stream thread) and ready
   * (running or rebalancing), the indexer thread alive.
   */
  public Health addChecks(Health health) {
    if (streams != null) {
      health.add(
          Health.Kind.LIVENESS,
          () -> {
            KafkaStreams.State state = streams.state();
            boolean failed =
                streams.fatalError() != null
                    || state == KafkaStreams.State.ERROR
                    || state == KafkaStreams.State.PENDING_ERROR;
            return new Health.Check("streams-alive", !failed, "state " + state);
          });
      health.add(
          Health.Kind.READINESS,
          () ->
              new Health.Check(
                  "streams-running",
                  streams.state().isRunningOrRebalancing(),
                  "state " + streams.state()));
    }
    if (indexer != null) {
      health.add(
          Health.Kind.LIVENESS,
          () ->
              new Health.Check(
                  "indexer-alive",
                  indexerRunning(),
                  indexerRunning()
                      ? indexer.indexed() + " documents indexed"
                      : "the indexer thread stopped"));
    }
    return health;
  }

  public Optional<VigieStreamsApp> streams() {
    return Optional.ofNullable(streams);
  }

  /** The interactive queries this instance serves, when {@code streams.query.port} is set. */
  public Optional<SubjectQueryServer> queries() {
    return Optional.ofNullable(queries);
  }

  /**
   * Binds the interactive queries when configured: before Kafka Streams is created, which must be
   * told their endpoint, a free port included.
   */
  private static SubjectQueryServer bindQueries(VigieConfig config) {
    int port = config.integer(VigieConfig.STREAMS_QUERY_PORT);
    if (port < 0) {
      return null;
    }
    try {
      return SubjectQueryServer.bind(
          config.string(VigieConfig.STREAMS_QUERY_HOST),
          port,
          config.string(VigieConfig.STREAMS_QUERY_ADVERTISED_HOST),
          ApiTokens.parse(config.secrets(VigieConfig.API_TOKENS)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "interactive queries cannot listen on "
              + config.string(VigieConfig.STREAMS_QUERY_HOST)
              + ":"
              + port,
          e);
    }
  }

  public Optional<Indexer> indexer() {
    return Optional.ofNullable(indexer);
  }

  public boolean indexerRunning() {
    return indexerThread != null && indexerThread.isAlive();
  }

  /**
   * Stops the indexer first (its batch in hand is finished or left uncommitted), then the
   * topologies.
   */
  @Override
  public void close() {
    if (indexer != null) {
      indexer.close();
      try {
        indexerThread.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        elasticsearch._transport().close();
      } catch (IOException e) {
        log.warn("Closing the Elasticsearch client: {}", e.getMessage());
      }
    }
    if (queries != null) {
      queries.close();
    }
    if (streams != null) {
      streams.close();
    }
    for (AutoCloseable binder : meterBinders) {
      try {
        binder.close();
      } catch (Exception e) {
        log.debug("Closing a meter binder: {}", e.toString());
      }
    }
  }
}
