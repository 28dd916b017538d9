package io.vigie.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.LocalKafka;
import io.vigie.localstack.LocalStack;
import io.vigie.localstack.SelfSignedCertificate;
import io.vigie.testkit.CapturedLogs;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vigie against a broker reached over SASL_SSL (PLAIN over TLS, the broker's certificate trusted
 * through a trust store), configured only with {@code kafka.*} settings: topic setup, the
 * exactly-once Streams application and a publisher all work, no password reaches a log line, and a
 * wrong password or an untrusted certificate are refused with a clear error.
 */
@ExtendWith(RealServers.class)
class SecuredKafkaIT {

  private static final String PASSWORD = "kafka-" + UUID.randomUUID();
  private static final int POSTS = 30;

  @TempDir Path dir;

  @Test
  void theStreamsApplicationRunsOverSaslSslAndBadCredentialsAreRefused(LocalStack stack)
      throws Exception {
    try (LocalKafka broker =
        LocalKafka.startWithSaslSsl(
            new LocalKafka.Spec(dir.resolve("kafka"), 0, "384m", Duration.ofMinutes(2)),
            new LocalKafka.SaslSslListener("vigie", PASSWORD))) {
      SelfSignedCertificate certificate = broker.certificate().orElseThrow();
      Path trustStore = certificate.writeTrustStore(dir.resolve("truststore.p12"));
      Map<String, String> settings = new HashMap<>(RealServers.TEST_SETTINGS);
      settings.put(VigieConfig.KAFKA_BOOTSTRAP, broker.saslSslBootstrapServers().orElseThrow());
      settings.put(VigieConfig.ES_URLS, stack.elasticsearchUrl().orElseThrow().toString());
      settings.put(VigieConfig.STREAMS_STATE_DIR, dir.resolve("state").toString());
      settings.put("kafka.security.protocol", "SASL_SSL");
      settings.put("kafka.sasl.mechanism", "PLAIN");
      settings.put("kafka.sasl.jaas.config", jaas(PASSWORD));
      settings.put("kafka.ssl.truststore.type", "PKCS12");
      settings.put("kafka.ssl.truststore.location", trustStore.toString());
      settings.put("kafka.ssl.truststore.password", certificate.password());
      VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
      Connections connections = Connections.of(config, Optional.of(stack));
      Pipeline.Naming naming = Pipeline.Naming.from(config);

      CapturedLogs logged = new CapturedLogs();
      Set<String> enriched = new HashSet<>();
      try (logged) {
        Pipeline.setup(connections, config, naming, 0);
        try (Pipeline pipeline =
                Pipeline.start(
                    connections,
                    config,
                    naming,
                    Clock.systemUTC(),
                    EnumSet.of(Pipeline.Part.STREAMS));
            PostPublisher publisher =
                PostPublisher.create(
                    naming.topics().rawPosts(),
                    connections.kafka(),
                    new IngestMetrics(Metrics.globalRegistry))) {
          Instant start = Instant.now().minus(Duration.ofMinutes(30));
          for (int i = 0; i < POSTS; i++) {
            publisher
                .publish(
                    CrisisScenario.post(
                        "tls" + i, "user" + i, "Water rising on quay " + i, start.plusSeconds(i)))
                .get();
          }
          enriched.addAll(readKeys(connections.kafka(), naming.topics().enrichedPosts().name()));
        }
      }
      assertThat(enriched).hasSize(POSTS);
      assertThat(logged.messages())
          .isNotEmpty()
          .noneMatch(m -> m.contains(PASSWORD))
          .noneMatch(m -> m.contains(certificate.password()));

      Map<String, String> wrongPassword = new HashMap<>(settings);
      wrongPassword.put("kafka.sasl.jaas.config", jaas("not-it"));
      wrongPassword.put("kafka.request.timeout.ms", "15000");
      wrongPassword.put("kafka.default.api.timeout.ms", "15000");
      assertThatThrownBy(() -> setup(wrongPassword, stack))
          .hasStackTraceContaining("SaslAuthenticationException")
          .hasStackTraceContaining("Invalid username or password")
          .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(PASSWORD));

      Map<String, String> untrusted = new HashMap<>(settings);
      untrusted.remove("kafka.ssl.truststore.type");
      untrusted.remove("kafka.ssl.truststore.location");
      untrusted.remove("kafka.ssl.truststore.password");
      untrusted.put("kafka.request.timeout.ms", "15000");
      untrusted.put("kafka.default.api.timeout.ms", "15000");
      assertThatThrownBy(() -> setup(untrusted, stack))
          .hasStackTraceContaining("SslAuthenticationException");
    }
  }

  private static void setup(Map<String, String> settings, LocalStack stack) throws Exception {
    VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
    Pipeline.setup(
        Connections.of(config, Optional.of(stack)), config, Pipeline.Naming.from(config), 0);
  }

  private static String jaas(String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"vigie\""
        + " password=\""
        + password
        + "\";";
  }

  /** Keys on {@code topic}, read_committed over the secured listener, once all posts are there. */
  private static Set<String> readKeys(Map<String, Object> kafka, String topic) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Set<String> keys = new HashSet<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (keys.size() < POSTS && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
      }
    }
    return keys;
  }
}
