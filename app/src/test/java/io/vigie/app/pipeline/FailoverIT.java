package io.vigie.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.EnrichedPost;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the Streams application on the real broker, one of them a separate {@code vigie
 * streams} process from the packaged launcher; that one is killed ({@code kill -9}) mid-stream. The
 * survivor takes over its partitions, and every post reaches the enriched topic exactly once, and
 * no alert version twice (exactly-once: the killed instance's open transactions are aborted and
 * redone by the survivor).
 */
@ExtendWith(RealServers.class)
class FailoverIT {

  private static final int POSTS = 1_200;

  @TempDir Path dir;

  @Test
  void theSurvivorTakesOverAKilledInstanceWithNothingLostAndNothingTwice(LocalStack stack)
      throws Exception {
    Path jar = Path.of("target", "vigie.jar");
    assertThat(jar).as("the packaged launcher (mvn package)").exists();
    String run = "fo" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>(RealServers.TEST_SETTINGS);
    settings.put(VigieConfig.KAFKA_BOOTSTRAP, stack.bootstrapServers().orElseThrow());
    settings.put(VigieConfig.ES_URLS, stack.elasticsearchUrl().orElseThrow().toString());
    settings.put(VigieConfig.TOPICS_PREFIX, run + ".");
    settings.put(VigieConfig.STREAMS_APPLICATION_ID, run + "-streams");
    settings.put(VigieConfig.STREAMS_STANDBY_REPLICAS, "1");
    // A dead member leaves the group after this, not the default 45 s.
    settings.put("kafka.session.timeout.ms", "10000");
    settings.put(VigieConfig.STREAMS_STATE_DIR, dir.resolve("survivor").toString());
    VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
    Connections connections = Connections.of(config, Optional.of(stack));
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    Pipeline.setup(connections, config, naming, 0);
    String bootstrap = stack.bootstrapServers().orElseThrow();

    List<String> command =
        new ArrayList<>(List.of(javaBin(), "-Xmx512m", "-jar", jar.toString(), "streams"));
    Map<String, String> victimSettings = new HashMap<>(settings);
    victimSettings.put(VigieConfig.STREAMS_STATE_DIR, dir.resolve("victim").toString());
    victimSettings.forEach((k, v) -> command.addAll(List.of("--set", k + "=" + v)));
    Path victimLog = dir.resolve("victim.log");
    Process victim =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(victimLog.toFile())
            .start();
    try (Admin admin = Admin.create(connections.kafka());
        Pipeline survivor =
            Pipeline.start(
                connections,
                config,
                naming,
                Clock.systemUTC(),
                EnumSet.of(Pipeline.Part.STREAMS))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () -> {
                assertThat(victim.isAlive()).as(Files.readString(victimLog)).isTrue();
                assertThat(members(admin, naming.applicationId())).isEqualTo(2);
                assertThat(survivor.streams().orElseThrow().state())
                    .isEqualTo(KafkaStreams.State.RUNNING);
              });

      Instant start = Instant.now().minus(Duration.ofHours(2));
      try (PostPublisher publisher =
          PostPublisher.create(
              naming.topics().rawPosts(),
              connections.kafka(),
              new IngestMetrics(Metrics.globalRegistry))) {
        for (int i = 0; i < POSTS / 2; i++) {
          publisher.publish(post(i, start)).get();
        }
        // The victim has done part of the work when it dies.
        TestTopics.readAtLeast(
            bootstrap,
            naming.topics().enrichedPosts().name(),
            naming.topics().enrichedPosts().valueSerde().deserializer(),
            POSTS / 4,
            Duration.ofSeconds(120));
        victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        for (int i = POSTS / 2; i < POSTS; i++) {
          publisher.publish(post(i, start)).get();
        }
      }

      await()
          .atMost(Duration.ofSeconds(180))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  members(admin, naming.applicationId()) == 1
                      && ConsumerLag.of(admin, naming.applicationId(), naming.streamsInputTopics())
                          == 0);
      long settleAt = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      List<ConsumerRecord<String, EnrichedPost>> enriched =
          TestTopics.readUntil(
              bootstrap,
              naming.topics().enrichedPosts().name(),
              naming.topics().enrichedPosts().valueSerde().deserializer(),
              records -> records.size() >= POSTS && System.nanoTime() > settleAt,
              Duration.ofSeconds(60));
      Set<String> keys = new HashSet<>();
      enriched.forEach(r -> keys.add(r.key()));
      assertThat(keys).as("no post lost").hasSize(POSTS);
      assertThat(enriched).as("no post twice").hasSize(POSTS);

      List<ConsumerRecord<String, Alert>> alerts =
          TestTopics.readUntil(
              bootstrap,
              naming.topics().alerts().name(),
              naming.topics().alerts().valueSerde().deserializer(),
              records -> false,
              Duration.ofSeconds(5));
      Set<String> versions = new HashSet<>();
      for (ConsumerRecord<String, Alert> alert : alerts) {
        assertThat(versions.add(alert.value().getId() + "_v" + alert.value().getVersion()))
            .as("alert version %s once", alert.value().getId() + "_v" + alert.value().getVersion())
            .isTrue();
      }
      assertThat(survivor.streams().orElseThrow().state()).isEqualTo(KafkaStreams.State.RUNNING);
    } finally {
      victim.destroyForcibly();
    }
  }

  private static io.vigie.schema.Post post(int i, Instant start) {
    return CrisisScenario.post(
        "p" + i,
        "user" + (i % 97),
        "Update " + i + " from the harbour district, ferries " + (i % 13),
        start.plusSeconds(5L * i));
  }

  private static int members(Admin admin, String group) throws Exception {
    return admin
        .describeConsumerGroups(List.of(group))
        .describedGroups()
        .get(group)
        .get(10, TimeUnit.SECONDS)
        .members()
        .size();
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
