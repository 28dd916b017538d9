package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.CliRun;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigie dlq} and {@code vigie reset} on the real broker and Elasticsearch: dead letters are
 * listed, shown decoded and sent back once; a reset refuses while the pipeline runs, asks for
 * confirmation, then removes offsets, internal topics, local state and indices, so that the next
 * run starts from the beginning.
 */
@ExtendWith(RealServers.class)
class DlqResetIT {

  @TempDir Path stateDir;

  @Test
  void listsShowsAndRedrivesDeadLettersThenResetsThePipeline(LocalStack stack) throws Exception {
    String run = "dr" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> settings = new HashMap<>(RealServers.TEST_SETTINGS);
    settings.put(VigieConfig.KAFKA_BOOTSTRAP, stack.bootstrapServers().orElseThrow());
    settings.put(VigieConfig.ES_URLS, stack.elasticsearchUrl().orElseThrow().toString());
    settings.put(VigieConfig.TOPICS_PREFIX, run + ".");
    settings.put(VigieConfig.STREAMS_APPLICATION_ID, run + "-streams");
    settings.put(VigieConfig.INDEXER_GROUP_ID, run + "-indexer");
    settings.put(VigieConfig.ES_INDEX_PREFIX, run + "-");
    settings.put(VigieConfig.STREAMS_STATE_DIR, stateDir.toString());
    // Kafka Streams does not leave its group on close: the reset below waits for its member's
    // session to end, after Kafka's smallest session timeout rather than the default 45 s.
    settings.put("kafka.session.timeout.ms", "6000");
    VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), settings);
    Connections connections = Connections.of(config, Optional.of(stack));
    Pipeline.Naming naming = Pipeline.Naming.from(config);
    Pipeline.setup(connections, config, naming, 0);

    var letters = naming.topics().streamsDeadLetters();
    var raw = naming.topics().rawPosts();
    AvroSerde<Post> posts = AvroSerde.of(Post.class);
    Instant now = Instant.now();
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(),
            letters.keySerde().serializer(),
            letters.valueSerde().serializer())) {
      for (int i = 0; i < 2; i++) {
        Post post =
            CrisisScenario.post(
                "fixed-" + i, "someone", "Flooding on the quay, road closed " + i, now);
        producer
            .send(
                new ProducerRecord<>(
                    letters.name(),
                    "test:fixed-" + i,
                    letter(raw.name(), "test:fixed-" + i, posts.encode(post), now)))
            .get();
      }
      producer
          .send(
              new ProducerRecord<>(
                  letters.name(),
                  "line-7",
                  DeadLetter.newBuilder(
                          letter(null, "line-7", "{not json".getBytes(StandardCharsets.UTF_8), now))
                      .setErrorClass("JsonParseException")
                      .build()))
          .get();
    }

    CliRun list = CliRun.vigie(settings, "dlq", "list", "streams");
    assertThat(list.exit()).as(list.err()).isEqualTo(ExitCode.OK.code());
    assertThat(list.out())
        .contains("3 dead letters")
        .contains("streams.intake  InvalidPost")
        .contains("JsonParseException");

    CliRun show = CliRun.vigie(settings, "dlq", "show", "streams", "0:0");
    assertThat(show.exit()).as(show.err()).isEqualTo(ExitCode.OK.code());
    assertThat(show.out())
        .contains("stage:         streams.intake")
        .contains("Flooding on the quay");
    assertThat(CliRun.vigie(settings, "dlq", "list", "nowhere").exit())
        .isEqualTo(ExitCode.USAGE.code());

    CliRun dry = CliRun.vigie(settings, "dlq", "redrive", "streams", "--dry-run");
    assertThat(dry.out()).contains("Would send 2").contains("1 with no topic to go back to");
    CliRun redriven = CliRun.vigie(settings, "dlq", "redrive", "streams");
    assertThat(redriven.exit()).as(redriven.err()).isEqualTo(ExitCode.OK.code());
    assertThat(redriven.out()).contains("Sent 2");
    assertThat(CliRun.vigie(settings, "dlq", "redrive", "streams").out())
        .as("once")
        .contains("Sent 0");
    assertThat(
            TestTopics.readAtLeast(
                stack.bootstrapServers().orElseThrow(),
                raw.name(),
                raw.valueSerde().deserializer(),
                2,
                Duration.ofSeconds(30)))
        .extracting(r -> r.value().getText())
        .containsExactlyInAnyOrder(
            "Flooding on the quay, road closed 0", "Flooding on the quay, road closed 1");

    // The redriven posts go through the pipeline; a reset then starts it over.
    ElasticsearchClient elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
    try {
      try (Pipeline pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC())) {
        await()
            .atMost(Duration.ofSeconds(120))
            .until(() -> pipeline.indexer().orElseThrow().indexed() >= 2);
        CliRun refused = CliRun.vigie(settings, "reset", "--yes");
        assertThat(refused.exit()).isEqualTo(ExitCode.FAILED.code());
        assertThat(refused.err()).contains("stop vigie streams and vigie index first");
      }
      Path state = stateDir.resolve(naming.applicationId());
      assertThat(state).exists();
      // Kafka Streams does not leave its group on close: its member goes when its session ends.
      try (Admin admin = Admin.create(connections.kafka())) {
        await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () ->
                    admin
                        .describeConsumerGroups(
                            List.of(naming.applicationId(), naming.indexerGroupId()))
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .values()
                        .stream()
                        .allMatch(g -> g.members().isEmpty()));
      }

      CliRun unconfirmed = CliRun.vigie(settings, "reset");
      assertThat(unconfirmed.exit()).isEqualTo(ExitCode.USAGE.code());
      assertThat(elasticsearch.indices().get(g -> g.index(run + "-posts-*")).indices())
          .isNotEmpty();

      CliRun reset = CliRun.vigie(settings, "reset", "--yes");
      assertThat(reset.exit()).as(reset.err()).isEqualTo(ExitCode.OK.code());
      assertThat(reset.out()).contains("internal topics").contains(run + "-posts-");

      assertThat(
              elasticsearch.indices().get(g -> g.index(run + "-*").allowNoIndices(true)).indices())
          .isEmpty();
      assertThat(Files.exists(state)).isFalse();
      try (Admin admin = Admin.create(connections.kafka())) {
        assertThat(admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS))
            .extracting(g -> g.groupId())
            .doesNotContain(naming.applicationId(), naming.indexerGroupId());
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
            .noneMatch(t -> t.startsWith(naming.applicationId() + "-") && t.endsWith("-changelog"))
            .contains(raw.name());
      }
    } finally {
      elasticsearch._transport().close();
    }
  }

  private static DeadLetter letter(String sourceTopic, String key, byte[] value, Instant at) {
    return DeadLetter.newBuilder()
        .setStage("streams.intake")
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourceTopic == null ? null : 0)
        .setSourceOffset(sourceTopic == null ? null : 0L)
        .setErrorClass("InvalidPost")
        .setErrorMessage("text is empty")
        .setOriginalKey(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)))
        .setOriginalValue(ByteBuffer.wrap(value))
        .setFailedAt(at)
        .build();
  }
}
