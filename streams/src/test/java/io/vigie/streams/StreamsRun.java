package io.vigie.streams;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.core.config.ConfigValues;
import io.vigie.core.config.CoreConfigKeys;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.VigieTopics;
import io.vigie.testkit.RealServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * One test's run of Vigie's Streams application on the test servers, under names of its own (topic
 * prefix, application id) so that runs never see each other's data. Its configuration is the tests'
 * ({@link RealServers#TEST_SETTINGS}) plus the test's overrides, parsed by the keys' real
 * definitions: an unknown key or an invalid value fails as it would in production. It creates the
 * run's topics and starts as many processes as the test asks for; the test closes them.
 */
public final class StreamsRun {

  /** The keys a Streams process reads: {@code topics.*}, {@code api.tokens} and its own. */
  private static final ConfigDef DEFINITION =
      StreamsConfigKeys.define(
          CoreConfigKeys.defineApiTokens(CoreConfigKeys.defineTopics(new ConfigDef())));

  private final ConfigValues values;
  private final Map<String, Object> kafka;
  private final VigieTopics topics;

  private StreamsRun(ConfigValues values, Map<String, Object> kafka) {
    this.values = values;
    this.kafka = kafka;
    this.topics = VigieTopics.withPrefix(values.string(CoreConfigKeys.TOPICS_PREFIX));
  }

  /**
   * A run on {@code stack}'s broker, its names starting with {@code tag}, configured with the
   * tests' settings and {@code overrides} (configuration keys, as in a properties file).
   */
  public static StreamsRun isolated(LocalStack stack, String tag, Map<String, String> overrides) {
    String run = tag + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>();
    // The kit's other settings size the servers it starts, which are not this process's to read.
    RealServers.TEST_SETTINGS.forEach(
        (key, value) -> {
          if (DEFINITION.names().contains(key)) {
            settings.put(key, value);
          }
        });
    settings.put(CoreConfigKeys.TOPICS_PREFIX, run + ".");
    settings.put(StreamsConfigKeys.STREAMS_APPLICATION_ID, run + "-streams");
    overrides.forEach(
        (key, value) -> {
          if (!DEFINITION.names().contains(key)) {
            throw new ConfigException(key, value, "unknown configuration key");
          }
          settings.put(key, value);
        });
    return new StreamsRun(
        new ConfigValues(DEFINITION.parse(settings)),
        Map.of("bootstrap.servers", stack.bootstrapServers().orElseThrow()));
  }

  /** A run with the tests' settings alone. */
  public static StreamsRun isolated(LocalStack stack, String tag) {
    return isolated(stack, tag, Map.of());
  }

  /** Creates the run's topics, as {@code vigie setup} does; returns this run. */
  public StreamsRun createTopics() throws InterruptedException {
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(
              partitions(),
              (short) values.integer(CoreConfigKeys.TOPICS_REPLICATION),
              Duration.ofHours(values.integer(CoreConfigKeys.TOPICS_RETENTION_HOURS)))
          .ensure(admin, topics);
    }
    return this;
  }

  /**
   * Starts a process of the application, its state under {@code dir} as a deployment's under its
   * stack dir, its stages counted in a registry of its own, its interactive queries listening when
   * {@code streams.query.port} is set. Two processes of one run share the work, as two instances.
   */
  public StreamsProcess start(Path dir) {
    return StreamsProcess.create(
            StreamsConfigKeys.streamsSettings(values, kafka, dir),
            topics,
            StreamsConfigKeys.topologySettings(values),
            querySettings(),
            new StageMeters(new SimpleMeterRegistry()),
            Clock.systemUTC())
        .start();
  }

  private Optional<StreamsProcess.QuerySettings> querySettings() {
    int port = values.integer(StreamsConfigKeys.STREAMS_QUERY_PORT);
    if (port < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new StreamsProcess.QuerySettings(
            values.string(StreamsConfigKeys.STREAMS_QUERY_HOST),
            port,
            values.string(StreamsConfigKeys.STREAMS_QUERY_ADVERTISED_HOST),
            ApiTokens.parse(values.secrets(CoreConfigKeys.API_TOKENS))));
  }

  public VigieTopics topics() {
    return topics;
  }

  public String applicationId() {
    return values.string(StreamsConfigKeys.STREAMS_APPLICATION_ID);
  }

  public String bootstrapServers() {
    return (String) kafka.get("bootstrap.servers");
  }

  /** Properties for the test's own Kafka clients. */
  public Map<String, Object> kafka() {
    return kafka;
  }

  /** Partitions of the run's topics. */
  public int partitions() {
    return values.integer(CoreConfigKeys.TOPICS_PARTITIONS);
  }

  /**
   * Every topic the application consumes posts and signals from: while any has lag, posts are still
   * on their way to the enriched topic, or their signals to incidents.
   */
  public List<String> inputTopics() {
    return StreamsProcess.inputTopics(topics, applicationId());
  }
}
