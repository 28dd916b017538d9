package io.vigie.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.Metrics;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.TestConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.Signal;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import io.vigie.testkit.TestTopics;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The indexer against a real Elasticsearch: permanent failures, idempotent replays, committed
 * offsets.
 */
@ExtendWith(RealServers.class)
class IndexerIT {

  private final VigieConfig config = TestConfig.config();
  @TempDir Path stateDir;
  private Connections connections;
  private Pipeline.Naming naming;
  private ElasticsearchClient elasticsearch;

  @BeforeEach
  void setUp(LocalStack stack) throws Exception {
    connections = Connections.of(config, Optional.of(stack));
    naming =
        Pipeline.Naming.from(config)
            .isolated("ix" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
  }

  @AfterEach
  void tearDown() throws Exception {
    elasticsearch._transport().close();
  }

  @Test
  void shouldDeadLetterDocumentsElasticsearchRefusesAndIndexTheRest() throws Exception {
    // An index created by hand with a conflicting mapping: every April 2013 document is refused for
    // good.
    String april = naming.indexPrefix() + "posts-2013.04";
    elasticsearch
        .indices()
        .create(
            c ->
                c.index(april)
                    .withJson(
                        new StringReader(
                            "{\"settings\":{\"number_of_replicas\":0},\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"text\":{\"type\":\"long\"}}}}")));
    List<Post> refused =
        List.of(
            post("a1", Instant.parse("2013-04-15T18:50:00Z")),
            post("a2", Instant.parse("2013-04-15T18:51:00Z")));
    List<Post> accepted =
        List.of(
            post("m1", Instant.parse("2013-05-20T20:00:00Z")),
            post("m2", Instant.parse("2013-05-20T20:01:00Z")),
            post("m3", Instant.parse("2013-05-20T20:02:00Z")));

    try (Pipeline pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC())) {
      publish(refused);
      publish(accepted);

      List<ConsumerRecord<String, DeadLetter>> letters =
          TestTopics.readAtLeast(
              bootstrap(),
              naming.topics().indexerDeadLetters().name(),
              naming.topics().indexerDeadLetters().valueSerde().deserializer(),
              2,
              Duration.ofSeconds(90));
      assertThat(letters)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("twitter:a1", "twitter:a2");
      assertThat(letters.get(0).value().getStage()).isEqualTo("indexer.posts");
      assertThat(letters.get(0).value().getErrorMessage()).isNotBlank();
      assertThat(letters.get(0).value().getErrorClass()).containsAnyOf("exception", "Exception");
      String may = naming.indexPrefix() + "posts-2013.05";
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                elasticsearch.indices().refresh(r -> r.index(may));
                assertThat(elasticsearch.count(c -> c.index(may)).count()).isEqualTo(3);
              });
      try (Admin admin = Admin.create(connections.kafka())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            ConsumerLag.of(
                                admin,
                                naming.indexerGroupId(),
                                List.of(naming.topics().enrichedPosts().name())))
                        .isZero());
      }
      assertThat(pipeline.indexer().orElseThrow().deadLettered()).isEqualTo(2);
    }
  }

  @Test
  void shouldLandReplayedPostsOnTheSameDocuments() throws Exception {
    List<Post> posts =
        List.of(
            post("r1", Instant.parse("2013-04-18T01:00:00Z")),
            post("r2", Instant.parse("2013-04-18T01:01:00Z")));
    String index = naming.indexPrefix() + "posts-2013.04";
    try (Pipeline pipeline =
        Pipeline.start(
            connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER))) {
      // The enriched topic written twice, as when the topologies reprocess from the start: the
      // indexer must land both copies on the same documents.
      publishEnriched(posts);
      publishEnriched(posts);
      try (Admin admin = Admin.create(connections.kafka())) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(
                            ConsumerLag.of(
                                admin,
                                naming.indexerGroupId(),
                                List.of(naming.topics().enrichedPosts().name())))
                        .isZero());
      }
      assertThat(pipeline.indexer().orElseThrow().indexed()).isEqualTo(4);
    }
    elasticsearch.indices().refresh(r -> r.index(index));
    assertThat(elasticsearch.count(c -> c.index(index)).count()).isEqualTo(2);
  }

  @Test
  void shouldIndexSignalsAndKeepTheNewestVersionOfEachAlert() throws Exception {
    Signal signal = SampleFindings.signal();
    Alert base = SampleFindings.alert();
    Alert v1 = Alert.newBuilder(base).setVersion(1).setStatus(AlertStatus.OPEN).build();
    Alert v2 =
        Alert.newBuilder(base)
            .setVersion(2)
            .setStatus(AlertStatus.ACKNOWLEDGED)
            .setLastActionBy("camille")
            .build();
    try (Pipeline pipeline =
        Pipeline.start(
            connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER))) {
      send(naming.topics().signals(), signal.getId(), signal);
      // Version 2 first, then version 1 late, then both again as a replay would.
      send(naming.topics().alerts(), base.getId(), v2);
      send(naming.topics().alerts(), base.getId(), v1);
      send(naming.topics().alerts(), base.getId(), v1);
      send(naming.topics().alerts(), base.getId(), v2);
      try (Admin admin = Admin.create(connections.kafka())) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(
                            ConsumerLag.of(
                                admin,
                                naming.indexerGroupId(),
                                List.of(
                                    naming.topics().signals().name(),
                                    naming.topics().alerts().name())))
                        .isZero());
      }
      assertThat(pipeline.indexer().orElseThrow().deadLettered()).isZero();
      assertThat(pipeline.indexer().orElseThrow().superseded()).isEqualTo(3);
    }
    String alerts = naming.indexPrefix() + "alerts-2013.04";
    String signals = naming.indexPrefix() + "signals-2013.04";
    elasticsearch.indices().refresh(r -> r.index(alerts, signals));
    assertThat(elasticsearch.count(c -> c.index(alerts)).count()).isEqualTo(1);
    var alert =
        elasticsearch.get(
            g -> g.index(alerts).id(base.getId()), com.fasterxml.jackson.databind.JsonNode.class);
    assertThat(alert.version()).isEqualTo(2);
    assertThat(alert.source().get("status").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(alert.source().at("/explanation/evidence/top_terms/0").asText())
        .isEqualTo("explosion");
    // Searchable by the designed mappings: keyword severity, date range, full-text title.
    assertThat(
            elasticsearch
                .count(
                    c ->
                        c.index(naming.indexPrefix() + "alerts-*")
                            .query(
                                q ->
                                    q.bool(
                                        b ->
                                            b.filter(
                                                    f ->
                                                        f.term(
                                                            t -> t.field("severity").value("HIGH")))
                                                .filter(
                                                    f ->
                                                        f.range(
                                                            r ->
                                                                r.date(
                                                                    d ->
                                                                        d.field("first_seen")
                                                                            .gte(
                                                                                "2013-04-15T00:00:00Z"))))
                                                .must(
                                                    m ->
                                                        m.match(
                                                            mt ->
                                                                mt.field("title")
                                                                    .query("spike"))))))
                .count())
        .isEqualTo(1);
    assertThat(
            elasticsearch
                .count(
                    c ->
                        c.index(signals)
                            .query(q -> q.term(t -> t.field("subject_key").value("crisis"))))
                .count())
        .isEqualTo(1);
  }

  private <T> void send(io.vigie.schema.Topic<String, T> topic, String key, T value)
      throws Exception {
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer
          .send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic.name(), key, value))
          .get();
    }
  }

  private void publishEnriched(List<Post> posts) throws Exception {
    var topic = naming.topics().enrichedPosts();
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (Post post : posts) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    topic.name(),
                    null,
                    post.getCreatedAt().toEpochMilli(),
                    "twitter:" + post.getId(),
                    io.vigie.schema.EnrichedPost.newBuilder()
                        .setPost(post)
                        .setEnrichedAt(Instant.now())
                        .build()))
            .get();
      }
    }
  }

  private void publish(List<Post> posts) throws Exception {
    var topic = naming.topics().rawPosts();
    try (PostPublisher publisher =
        PostPublisher.create(
            topic, connections.kafka(), new IngestMetrics(Metrics.globalRegistry))) {
      for (Post post : posts) {
        publisher.publish(post).get();
      }
    }
  }

  private String bootstrap() {
    return connections.kafka().get("bootstrap.servers").toString();
  }

  private static Post post(String id, Instant created) {
    return Post.newBuilder()
        .setSource("twitter")
        .setId(id)
        .setText("Tornado warning for Moore, take shelter now")
        .setCreatedAt(created)
        .setIngestedAt(Instant.now())
        .build();
  }
}
