package io.vigie.indexer;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.vigie.core.health.Health;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.indexer.retention.IndexRetention;
import io.vigie.indexer.retention.RetentionSweeper;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.VigieTopics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The indexer process: the indexer on a thread of its own, its Kafka clients' metrics in the
 * registry it counts in, and optionally the sweeper deleting indices past their retention. Closing
 * it stops the sweeper, then the indexer (its batch in hand is finished or left uncommitted), then
 * unbinds the metrics.
 */
public final class IndexerProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IndexerProcess.class);

  /** Every how often the indices past {@code retention} are deleted. */
  public record RetentionSweep(IndexTemplates.Retention retention, Duration interval) {}

  /**
   * What the indexer reads and how: the Kafka client properties ({@code kafka}), its consumer
   * group, the deployment's topics, and the optional retention sweep.
   */
  public record Settings(
      IndexerSettings indexer,
      Map<String, Object> kafka,
      String groupId,
      VigieTopics topics,
      Optional<RetentionSweep> sweep) {

    public Settings {
      kafka = Map.copyOf(kafka);
    }
  }

  private final Settings settings;
  private final Indexer indexer;
  private final ElasticsearchClient elasticsearch;
  private final List<AutoCloseable> meterBinders;
  private final MeterRegistry registry;
  private final Clock clock;
  private final Thread thread;
  private RetentionSweeper sweeper;

  private IndexerProcess(
      Settings settings,
      Indexer indexer,
      ElasticsearchClient elasticsearch,
      List<AutoCloseable> meterBinders,
      MeterRegistry registry,
      Clock clock) {
    this.settings = settings;
    this.indexer = indexer;
    this.elasticsearch = elasticsearch;
    this.meterBinders = meterBinders;
    this.registry = registry;
    this.clock = clock;
    this.thread = new Thread(indexer, "vigie-indexer");
    thread.setUncaughtExceptionHandler(
        (t, e) ->
            log.error(
                "The indexer stopped on an error; offsets of unindexed posts stay uncommitted", e));
  }

  /** Creates the indexer, not started, on the Kafka and Elasticsearch clusters of its settings. */
  public static IndexerProcess create(
      Settings settings,
      ElasticsearchSettings elasticsearchSettings,
      MeterRegistry registry,
      Clock clock) {
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(elasticsearchSettings);
    Map<String, Object> consumerProps = new HashMap<>(settings.kafka());
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    Map<String, Object> producerProps = new HashMap<>(settings.kafka());
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    KafkaProducer<String, DeadLetter> deadLetterProducer =
        new KafkaProducer<>(
            producerProps,
            settings.topics().indexerDeadLetters().keySerde().serializer(),
            settings.topics().indexerDeadLetters().valueSerde().serializer());
    return create(settings, consumer, deadLetterProducer, elasticsearch, registry, clock);
  }

  /**
   * Creates the indexer, not started, on the clients given; the process closes {@code
   * elasticsearch}, the indexer its Kafka clients.
   */
  public static IndexerProcess create(
      Settings settings,
      Consumer<byte[], byte[]> consumer,
      Producer<String, DeadLetter> deadLetterProducer,
      ElasticsearchClient elasticsearch,
      MeterRegistry registry,
      Clock clock) {
    List<AutoCloseable> binders = new ArrayList<>();
    for (var client :
        List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(deadLetterProducer))) {
      client.bindTo(registry);
      binders.add(client);
    }
    VigieTopics topics = settings.topics();
    IndexNames names = new IndexNames(settings.indexer().indexPrefix());
    Indexer indexer =
        new Indexer(
            settings.indexer(),
            List.of(
                IndexedTopic.posts(topics.enrichedPosts(), names),
                IndexedTopic.signals(topics.signals(), names),
                IndexedTopic.alerts(topics.alerts(), names),
                IndexedTopic.actions(topics.alertActions(), names)),
            topics.indexerDeadLetters(),
            consumer,
            deadLetterProducer,
            elasticsearch,
            registry,
            clock);
    return new IndexerProcess(settings, indexer, elasticsearch, binders, registry, clock);
  }

  /** The topics the indexer reads: posts, signals, incidents and the actions taken on them. */
  public static List<String> inputTopics(VigieTopics topics) {
    return List.of(
        topics.enrichedPosts().name(),
        topics.signals().name(),
        topics.alerts().name(),
        topics.alertActions().name());
  }

  /** Starts the indexer's thread, then the retention sweep when there is one. */
  public IndexerProcess start() {
    thread.start();
    settings
        .sweep()
        .ifPresent(
            sweep ->
                sweeper =
                    RetentionSweeper.start(
                        new IndexRetention(
                            elasticsearch,
                            settings.indexer().indexPrefix(),
                            sweep.retention(),
                            clock),
                        sweep.interval(),
                        registry));
    return this;
  }

  /** Adds the indexer's check: its thread alive. */
  public Health health(Health health) {
    return health.add(
        Health.Kind.LIVENESS,
        () ->
            new Health.Check(
                "indexer-alive",
                running(),
                running()
                    ? indexer.indexed() + " documents indexed"
                    : "the indexer thread stopped"));
  }

  public Indexer indexer() {
    return indexer;
  }

  public boolean running() {
    return thread.isAlive();
  }

  /**
   * Stops the sweep, then the indexer, waiting for its batch in hand, then closes the Elasticsearch
   * client; the metrics stay bound.
   */
  public void stop() {
    if (sweeper != null) {
      sweeper.close();
    }
    indexer.close();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      elasticsearch._transport().close();
    } catch (IOException e) {
      log.warn("Closing the Elasticsearch client: {}", e.getMessage());
    }
  }

  /** Unbinds the Kafka clients' metrics, once the indexer stopped. */
  public void unbindMeters() {
    for (AutoCloseable binder : meterBinders) {
      try {
        binder.close();
      } catch (Exception e) {
        log.debug("Closing a meter binder: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    stop();
    unbindMeters();
  }
}
