package io.vigie.streams;

import io.vigie.schema.EnrichedPost;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import io.vigie.streams.dedup.DedupTopology;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.streams.enrich.EnrichmentTopology;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.errors.DeadLetterHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.KStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vigie's Kafka Streams application: assembles the topologies, wires the error handlers
 * (undecodable records to the dead-letter topic; any other uncaught error is fatal and stops the
 * client, so that nothing is skipped silently), and runs them until closed.
 */
public final class VigieStreamsApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VigieStreamsApp.class);

  private final KafkaStreams streams;
  private final TopologyDescription description;
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public VigieStreamsApp(
      StreamsSettings settings, VigieTopics topics, StageMeters meters, Clock clock) {
    this(settings, topics, TopologySettings.defaults(), PostEnricher.defaults(), meters, clock);
  }

  /** The application, whose stages and dead letters are counted in {@code meters}. */
  public VigieStreamsApp(
      StreamsSettings settings,
      VigieTopics topics,
      TopologySettings topologies,
      PostEnricher enricher,
      StageMeters meters,
      Clock clock) {
    Topology topology = topology(topics, topologies, enricher, meters, clock);
    this.description = topology.describe();
    Properties props = settings.toProperties();
    props.putIfAbsent(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.putIfAbsent(
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    props.putIfAbsent(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    // The watch-rules global table too (the default from Kafka 5.0).
    props.putIfAbsent("processing.exception.handler.global.enabled", true);
    props.putIfAbsent(DeadLetterHandler.TOPIC_CONFIG, topics.streamsDeadLetters().name());
    props.putIfAbsent(DeadLetterHandler.STAGE_CONFIG, "streams");
    props.put(DeadLetterHandler.METER_REGISTRY_CONFIG, meters.registry());
    this.streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(
        error -> {
          log.error("Fatal error in a stream thread; stopping the application", error);
          fatal.compareAndSet(null, error);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (now, before) -> {
          log.info("Streams state {} -> {}", before, now);
          if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
            stopped.countDown();
          }
        });
  }

  /** Every Vigie topology in one, in data-flow order, with default settings. */
  public static Topology topology(VigieTopics topics, StageMeters meters, Clock clock) {
    return topology(topics, TopologySettings.defaults(), PostEnricher.defaults(), meters, clock);
  }

  /**
   * Every Vigie topology in one, chained in the same tasks: the raw topic's tasks validate, drop
   * redeliveries and enrich each post (the costly stage, spread over every raw partition); the
   * repartition by text brings copies together for clustering, whose task writes the enriched posts
   * (for the indexer and other readers) and hands them to detection's subject repartition. A post
   * leaves the application only where the trip buys something: the repartitions that bring keys
   * together, and topics others read.
   */
  public static Topology topology(
      VigieTopics topics,
      TopologySettings settings,
      PostEnricher enricher,
      StageMeters meters,
      Clock clock) {
    StreamsBuilder builder = new StreamsBuilder();
    DedupTopology dedup =
        new DedupTopology(
            topics,
            new PostValidator(clock, PostValidator.Limits.defaults()),
            settings.dedup(),
            meters,
            clock);
    EnrichmentTopology enrichment =
        new EnrichmentTopology(topics, enricher, settings.watchRuleRefresh(), meters, clock);
    KStream<String, EnrichedPost> clustered =
        dedup.cluster(builder, enrichment.build(builder, dedup.intake(builder)));
    enrichment.writeEnrichedPosts(clustered);
    if (settings.uniquePostsTopic()) {
      dedup.writeUniquePosts(clustered);
    }
    new DetectionTopology(topics, settings.detection(), enricher.analysis(), meters)
        .build(builder, clustered, settings.subjectPartitions());
    return builder.build();
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The error that stopped the application, if any. */
  public Throwable fatalError() {
    return fatal.get();
  }

  /** Blocks until the application stopped (closed, or failed); true if it did within the wait. */
  public boolean awaitStop(Duration wait) throws InterruptedException {
    return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** The sub-topologies and what each reads: what a task id's first number stands for. */
  public TopologyDescription description() {
    return description;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
