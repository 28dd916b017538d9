package io.vigie.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Metrics;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.TestConfig;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first slice on real servers: raw topic, intake topology, enriched topic, indexer,
 * Elasticsearch.
 */
@ExtendWith(RealServers.class)
class PipelineIT {

  private final VigieConfig config = TestConfig.config();
  @TempDir Path stateDir;
  private Connections connections;
  private Pipeline.Naming naming;
  private Pipeline pipeline;
  private ElasticsearchClient elasticsearch;

  @BeforeEach
  void startPipeline(LocalStack stack) throws Exception {
    connections = Connections.of(config, Optional.of(stack));
    naming =
        Pipeline.Naming.from(config)
            .isolated("it" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC());
    elasticsearch = ElasticsearchClients.create(connections.elasticsearch());
  }

  @AfterEach
  void stopPipeline() throws Exception {
    pipeline.close();
    elasticsearch._transport().close();
  }

  @Test
  void shouldMakePublishedPostSearchableInElasticsearch() throws Exception {
    Post post =
        post(
            "324711458440773632",
            "Massive explosion at the fertilizer plant in West, Texas",
            Instant.parse("2013-04-18T01:02:03Z"));

    try (PostPublisher publisher = publisher()) {
      publisher.publish(post).get();
    }

    String index = naming.indexPrefix() + "posts-2013.04";
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(
                        elasticsearch
                            .exists(e -> e.index(index).id("twitter:324711458440773632"))
                            .value())
                    .isTrue());
    GetResponse<JsonNode> doc =
        elasticsearch.get(g -> g.index(index).id("twitter:324711458440773632"), JsonNode.class);
    assertThat(doc.source().get("text").asText()).isEqualTo(post.getText());
    assertThat(doc.source().get("created_at").asText()).isEqualTo("2013-04-18T01:02:03Z");
    elasticsearch.indices().refresh(r -> r.index(index));
    long hits =
        elasticsearch
            .search(
                s ->
                    s.index(naming.indexPrefix() + "posts-*")
                        .query(q -> q.match(m -> m.field("text").query("fertilizer explosion"))),
                JsonNode.class)
            .hits()
            .total()
            .value();
    assertThat(hits).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterInvalidAndUndecodableRecordsAndKeepProcessing() throws Exception {
    Instant now = Instant.now();
    Post fromTheFuture = post("future-1", "Posted tomorrow", now.plus(Duration.ofDays(1)));
    byte[] garbage = "{\"text\":\"not avro\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, Object> props = new HashMap<>(connections.kafka());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> raw =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      // A misbehaving producer: record timestamp now (the broker accepts it), created_at a day
      // ahead.
      byte[] futureBytes =
          naming.topics().rawPosts().valueSerde().serializer().serialize("", fromTheFuture);
      raw.send(
              new ProducerRecord<>(
                  naming.topics().rawPosts().name(),
                  null,
                  now.toEpochMilli(),
                  "twitter:future-1",
                  futureBytes))
          .get();
      raw.send(
              new ProducerRecord<>(
                  naming.topics().rawPosts().name(),
                  null,
                  now.toEpochMilli(),
                  "webhook:garbage",
                  garbage))
          .get();
    }
    Post valid = post("after-1", "Flooding on Main Street, avoid the area", now.minusSeconds(60));
    try (PostPublisher publisher = publisher()) {
      publisher.publish(valid).get();
    }

    List<ConsumerRecord<String, DeadLetter>> letters =
        TestTopics.readAtLeast(
            connections.kafka().get("bootstrap.servers").toString(),
            naming.topics().streamsDeadLetters().name(),
            naming.topics().streamsDeadLetters().valueSerde().deserializer(),
            2,
            Duration.ofSeconds(60));

    assertThat(letters)
        .extracting(r -> r.value().getErrorClass())
        .containsExactlyInAnyOrder("InvalidPost", "AvroDecodingException");
    DeadLetter undecodable =
        letters.stream()
            .map(ConsumerRecord::value)
            .filter(l -> l.getErrorClass().equals("AvroDecodingException"))
            .findFirst()
            .orElseThrow();
    assertThat(undecodable.getSourceTopic()).isEqualTo(naming.topics().rawPosts().name());
    assertThat(StandardCharsets.UTF_8.decode(undecodable.getOriginalValue()).toString())
        .isEqualTo("{\"text\":\"not avro\"}");
    assertThat(
            letters.stream()
                .map(ConsumerRecord::value)
                .filter(l -> l.getErrorClass().equals("InvalidPost"))
                .findFirst()
                .orElseThrow()
                .getErrorMessage())
        .contains("in the future");
    String index =
        naming.indexPrefix()
            + "posts-"
            + java.time.format.DateTimeFormatter.ofPattern("yyyy.MM")
                .withZone(java.time.ZoneOffset.UTC)
                .format(valid.getCreatedAt());
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .untilAsserted(
            () ->
                assertThat(elasticsearch.exists(e -> e.index(index).id("twitter:after-1")).value())
                    .isTrue());
    assertThat(pipeline.streams().orElseThrow().state().isRunningOrRebalancing()).isTrue();
  }

  private PostPublisher publisher() {
    return PostPublisher.create(
        naming.topics().rawPosts(), connections.kafka(), new IngestMetrics(Metrics.globalRegistry));
  }

  static Post post(String id, String text, Instant created) {
    return Post.newBuilder()
        .setSource("twitter")
        .setId(id)
        .setText(text)
        .setCreatedAt(created)
        .setIngestedAt(Instant.now())
        .build();
  }
}
