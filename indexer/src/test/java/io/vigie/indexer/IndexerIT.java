package io.vigie.indexer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.testing.EnrichedPosts;
import io.vigie.indexer.testing.IsolatedIndexer;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.Signal;
import io.vigie.schema.Topic;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import io.vigie.testkit.TestTopics;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The indexer against a real Elasticsearch: permanent failures, idempotent replays, committed
 * offsets.
 */
@ExtendWith(RealServers.class)
class IndexerIT {

  private IsolatedIndexer run;
  private ElasticsearchClient elasticsearch;

  @BeforeEach
  void setUp(LocalStack stack) throws Exception {
    run = IsolatedIndexer.on(stack, "ix");
    run.setup();
    elasticsearch = ElasticsearchClients.create(run.elasticsearch());
  }

  @AfterEach
  void tearDown() throws Exception {
    elasticsearch._transport().close();
  }

  @Test
  void shouldDeadLetterDocumentsElasticsearchRefusesAndIndexTheRest() throws Exception {
    // An index created by hand with a conflicting mapping: every April 2013 document is refused for
    // good.
    String april = run.indexPrefix() + "posts-2013.04";
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

    try (IndexerProcess indexer = run.start()) {
      publishEnriched(refused);
      publishEnriched(accepted);

      List<ConsumerRecord<String, DeadLetter>> letters =
          TestTopics.readAtLeast(
              bootstrap(),
              run.topics().indexerDeadLetters().name(),
              run.topics().indexerDeadLetters().valueSerde().deserializer(),
              2,
              Duration.ofSeconds(90));
      assertThat(letters)
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("twitter:a1", "twitter:a2");
      assertThat(letters.get(0).value().getStage()).isEqualTo("indexer.posts");
      assertThat(letters.get(0).value().getErrorMessage()).isNotBlank();
      assertThat(letters.get(0).value().getErrorClass()).containsAnyOf("exception", "Exception");
      String may = run.indexPrefix() + "posts-2013.05";
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                elasticsearch.indices().refresh(r -> r.index(may));
                assertThat(elasticsearch.count(c -> c.index(may)).count()).isEqualTo(3);
              });
      try (Admin admin = Admin.create(run.kafka())) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(
                            ConsumerLag.of(
                                admin, run.groupId(), List.of(run.topics().enrichedPosts().name())))
                        .isZero());
      }
      assertThat(indexer.indexer().deadLettered()).isEqualTo(2);
    }
  }

  @Test
  void shouldLandReplayedPostsOnTheSameDocuments() throws Exception {
    List<Post> posts =
        List.of(
            post("r1", Instant.parse("2013-04-18T01:00:00Z")),
            post("r2", Instant.parse("2013-04-18T01:01:00Z")));
    String index = run.indexPrefix() + "posts-2013.04";
    try (IndexerProcess indexer = run.start()) {
      // The enriched topic written twice, as when the topologies reprocess from the start: the
      // indexer must land both copies on the same documents.
      publishEnriched(posts);
      publishEnriched(posts);
      try (Admin admin = Admin.create(run.kafka())) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(
                            ConsumerLag.of(
                                admin, run.groupId(), List.of(run.topics().enrichedPosts().name())))
                        .isZero());
      }
      assertThat(indexer.indexer().indexed()).isEqualTo(4);
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
    try (IndexerProcess indexer = run.start()) {
      send(run.topics().signals(), signal.getId(), signal);
      // Version 2 first, then version 1 late, then both again as a replay would.
      send(run.topics().alerts(), base.getId(), v2);
      send(run.topics().alerts(), base.getId(), v1);
      send(run.topics().alerts(), base.getId(), v1);
      send(run.topics().alerts(), base.getId(), v2);
      try (Admin admin = Admin.create(run.kafka())) {
        await()
            .atMost(Duration.ofSeconds(90))
            .untilAsserted(
                () ->
                    assertThat(
                            ConsumerLag.of(
                                admin,
                                run.groupId(),
                                List.of(
                                    run.topics().signals().name(), run.topics().alerts().name())))
                        .isZero());
      }
      assertThat(indexer.indexer().deadLettered()).isZero();
      assertThat(indexer.indexer().superseded()).isEqualTo(3);
    }
    String alerts = run.indexPrefix() + "alerts-2013.04";
    String signals = run.indexPrefix() + "signals-2013.04";
    elasticsearch.indices().refresh(r -> r.index(alerts, signals));
    assertThat(elasticsearch.count(c -> c.index(alerts)).count()).isEqualTo(1);
    var alert = elasticsearch.get(g -> g.index(alerts).id(base.getId()), JsonNode.class);
    assertThat(alert.version()).isEqualTo(2);
    assertThat(alert.source().get("status").asText()).isEqualTo("ACKNOWLEDGED");
    assertThat(alert.source().at("/explanation/evidence/top_terms/0").asText())
        .isEqualTo("explosion");
    // Searchable by the designed mappings: keyword severity, date range, full-text title.
    assertThat(
            elasticsearch
                .count(
                    c ->
                        c.index(run.indexPrefix() + "alerts-*")
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

  private <T> void send(Topic<String, T> topic, String key, T value) throws Exception {
    try (var producer =
        new KafkaProducer<>(
            run.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }

  private void publishEnriched(List<Post> posts) throws Exception {
    EnrichedPosts.publish(run.kafka(), run.topics().enrichedPosts(), posts);
  }

  private String bootstrap() {
    return run.kafka().get("bootstrap.servers").toString();
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
