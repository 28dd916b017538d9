package io.vigie.streams;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.dedup.DedupTopology;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.streams.detect.SubjectDetector;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.query.SubjectQueryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streams process: Vigie's Kafka Streams application, with the interactive queries when they
 * are configured and Kafka Streams' own metrics in the stages' registry. Closing it stops the
 * queries, then the application, then unbinds the metrics.
 */
public final class StreamsProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsProcess.class);

  /** Where the interactive queries listen, the host other instances reach them on, and who may. */
  public record QuerySettings(String host, int port, String advertisedHost, ApiTokens tokens) {}

  private final VigieStreamsApp app;
  private final Optional<SubjectQueryServer> queries;
  private final StageMeters meters;
  private KafkaStreamsMetrics metrics;

  private StreamsProcess(
      VigieStreamsApp app, Optional<SubjectQueryServer> queries, StageMeters meters) {
    this.app = app;
    this.queries = queries;
    this.meters = meters;
  }

  /**
   * Creates the application, not started, counting its stages in {@code meters}; the interactive
   * queries, when {@code queries} is present, listen from now on: Kafka Streams must be told their
   * endpoint, a free port included, before it is created.
   */
  /**
   * Every topic the Streams application of {@code applicationId} consumes posts and signals from:
   * while any has lag, posts are still on their way to the enriched topic, or their signals to
   * incidents. The unique and enriched posts topics are not among them: the application writes them
   * for others and hands the posts on within its tasks.
   */
  public static List<String> inputTopics(VigieTopics topics, String applicationId) {
    return List.of(
        topics.rawPosts().name(),
        DedupTopology.repartitionTopic(applicationId),
        DetectionTopology.subjectsRepartitionTopic(applicationId),
        DetectionTopology.incidentsRepartitionTopic(applicationId));
  }

  public static StreamsProcess create(
      StreamsSettings settings,
      VigieTopics topics,
      TopologySettings topologies,
      Optional<QuerySettings> queries,
      StageMeters meters,
      Clock clock) {
    Optional<SubjectQueryServer> server = queries.map(StreamsProcess::bind);
    Map<String, Object> properties = new HashMap<>(settings.kafkaProperties());
    server.ifPresent(
        s -> properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, s.applicationServer()));
    StreamsSettings served =
        new StreamsSettings(
            settings.applicationId(),
            settings.stateDir(),
            settings.processingGuarantee(),
            settings.threads(),
            settings.standbyReplicas(),
            properties);
    VigieStreamsApp app =
        new VigieStreamsApp(served, topics, topologies, PostEnricher.defaults(), meters, clock);
    server.ifPresent(s -> s.attach(app.streams(), new SubjectDetector(topologies.detection())));
    return new StreamsProcess(app, server, meters);
  }

  private static SubjectQueryServer bind(QuerySettings settings) {
    try {
      return SubjectQueryServer.bind(
          settings.host(), settings.port(), settings.advertisedHost(), settings.tokens());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "interactive queries cannot listen on " + settings.host() + ":" + settings.port(), e);
    }
  }

  /** Binds Kafka Streams' metrics to the stages' registry, then starts the application. */
  public StreamsProcess start() {
    metrics = new KafkaStreamsMetrics(app.streams());
    metrics.bindTo(meters.registry());
    app.start();
    return this;
  }

  /**
   * Adds the application's checks: alive (no failed stream thread) and ready (running or
   * rebalancing).
   */
  public Health health(Health health) {
    health.add(
        Health.Kind.LIVENESS,
        () -> {
          KafkaStreams.State state = app.state();
          boolean failed =
              app.fatalError() != null
                  || state == KafkaStreams.State.ERROR
                  || state == KafkaStreams.State.PENDING_ERROR;
          return new Health.Check("streams-alive", !failed, "state " + state);
        });
    return health.add(
        Health.Kind.READINESS,
        () ->
            new Health.Check(
                "streams-running", app.state().isRunningOrRebalancing(), "state " + app.state()));
  }

  public VigieStreamsApp app() {
    return app;
  }

  /** The interactive queries this process serves, when configured. */
  public Optional<SubjectQueryServer> queries() {
    return queries;
  }

  /** Stops the interactive queries, then the application; their metrics stay bound. */
  public void stop() {
    queries.ifPresent(SubjectQueryServer::close);
    app.close();
  }

  /** Unbinds Kafka Streams' metrics, once the application stopped. */
  public void unbindMeters() {
    if (metrics != null) {
      try {
        metrics.close();
      } catch (RuntimeException e) {
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
