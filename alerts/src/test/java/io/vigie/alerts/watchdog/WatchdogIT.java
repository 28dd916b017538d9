package io.vigie.alerts.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.core.PostHeaders;
import io.vigie.core.health.BackgroundProbes;
import io.vigie.core.http.Ports;
import io.vigie.indexer.elasticsearch.ClusterHealthProbe;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.indexer.testing.IsolatedIndexer;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Post;
import io.vigie.schema.SignalKind;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The watchdog on the real broker: a source that stops posting and an Elasticsearch that does not
 * answer become operational alerts on the alerts topic, opened once, and the source's alert ends
 * when it posts again. The watchdog is the alerts topic's second writer: its ids stay in their own
 * namespace and it writes as an idempotent producer.
 */
@ExtendWith(RealServers.class)
class WatchdogIT {

  @Test
  void raisesOperationalAlertsForASilentSourceAndAnUnreachableElasticsearch(LocalStack stack)
      throws Exception {
    IsolatedIndexer deployment = IsolatedIndexer.on(stack, "wd");
    deployment.setup();
    PipelineWatch.Settings settings =
        new PipelineWatch.Settings(
            Duration.ofSeconds(4),
            5,
            10_000,
            Duration.ofMinutes(5),
            Duration.ofMinutes(5),
            20,
            5,
            3);
    // Nothing listens there: every probe fails as it would with Elasticsearch down.
    ElasticsearchClient nowhere =
        ElasticsearchClients.create(
            ElasticsearchSettings.local(URI.create("http://127.0.0.1:" + Ports.freePort())));
    String bootstrap = deployment.bootstrapServers();
    var alerts = deployment.topics().alerts();
    try (Admin admin = Admin.create(deployment.kafka());
        // The watchdog reads the lag of the groups it is given: here the indexer's alone.
        BackgroundProbes probes =
            new BackgroundProbes(
                admin,
                Map.of(deployment.groupId(), deployment.inputTopics()),
                Optional.of(new ClusterHealthProbe(nowhere)),
                Duration.ofSeconds(1),
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        KafkaProducer<String, Post> publisher = postProducer(deployment)) {
      Watchdog watchdog =
          new Watchdog(
              new PipelineWatch(settings),
              deployment.topics(),
              deployment.kafka(),
              probes,
              List.of(deployment.groupId()),
              Duration.ofSeconds(1),
              new SimpleMeterRegistry(),
              Clock.systemUTC());
      Thread thread = new Thread(watchdog, "test-watchdog");
      thread.start();
      try {
        Thread.sleep(2_000); // the watchdog follows the raw topic from its end
        for (int i = 0; i < 12; i++) {
          publish(publisher, deployment.topics(), post("feedsX", i)).get();
        }

        List<ConsumerRecord<String, Alert>> opened =
            TestTopics.readUntil(
                bootstrap,
                alerts.name(),
                alerts.valueSerde().deserializer(),
                records -> records.size() >= 2,
                Duration.ofSeconds(60));
        assertThat(opened)
            .extracting(r -> r.value().getSubjectKeys().get(0) + " " + r.value().getStatus())
            .containsExactlyInAnyOrder("ops:elasticsearch OPEN", "ops:source:feedsX OPEN");
        assertThat(opened)
            .allSatisfy(r -> assertThat(r.value().getKind()).isEqualTo(SignalKind.OPERATIONAL));
        assertThat(opened)
            .extracting(ConsumerRecord::key)
            .allSatisfy(id -> assertThat(id).startsWith(OperationalAlerts.ID_PREFIX));
        // The broker keeps producer state for idempotent (and transactional) producers only: a
        // plain producer, whose retries could write a version twice, would leave none.
        List<TopicPartition> written =
            opened.stream().map(r -> new TopicPartition(r.topic(), r.partition())).toList();
        assertThat(admin.describeProducers(written).all().get(30, TimeUnit.SECONDS).values())
            .allSatisfy(
                producers ->
                    assertThat(producers.activeProducers())
                        .isNotEmpty()
                        .allSatisfy(p -> assertThat(p.producerId()).isNotNegative()));
        String sourceAlert =
            opened.stream()
                .filter(r -> r.value().getSubjectKeys().get(0).equals("ops:source:feedsX"))
                .findFirst()
                .orElseThrow()
                .key();

        publish(publisher, deployment.topics(), post("feedsX", 100)).get();

        List<ConsumerRecord<String, Alert>> all =
            TestTopics.readUntil(
                bootstrap,
                alerts.name(),
                alerts.valueSerde().deserializer(),
                records ->
                    records.stream().anyMatch(r -> r.value().getStatus() == AlertStatus.RESOLVED),
                Duration.ofSeconds(30));
        assertThat(all)
            .filteredOn(r -> r.key().equals(sourceAlert))
            .extracting(r -> r.value().getVersion() + " " + r.value().getStatus())
            .containsExactly("1 OPEN", "2 RESOLVED");
        assertThat(all)
            .filteredOn(r -> r.value().getSubjectKeys().get(0).equals("ops:elasticsearch"))
            .as("opened once while it stays down")
            .hasSize(1);
      } finally {
        watchdog.close();
        thread.join(10_000);
        nowhere._transport().close();
      }
    }
  }

  private static KafkaProducer<String, Post> postProducer(IsolatedIndexer deployment) {
    Topic<String, Post> raw = deployment.topics().rawPosts();
    return new KafkaProducer<>(
        deployment.kafka(), raw.keySerde().serializer(), raw.valueSerde().serializer());
  }

  /**
   * Publishes a post on the raw topic as ingest does, keyed by source and id and labelled with its
   * source: the header is all the watchdog reads of it.
   */
  private static Future<RecordMetadata> publish(
      KafkaProducer<String, Post> producer, VigieTopics topics, Post post) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(PostHeaders.SOURCE, post.getSource().getBytes(StandardCharsets.UTF_8));
    return producer.send(
        new ProducerRecord<>(
            topics.rawPosts().name(),
            null,
            post.getCreatedAt().toEpochMilli(),
            VigieTopics.postKey(post.getSource(), post.getId()),
            post,
            headers));
  }

  private static Post post(String source, int i) {
    Instant now = Instant.now();
    return Post.newBuilder()
        .setSource(source)
        .setId("p" + i)
        .setText("post " + i)
        .setCreatedAt(now)
        .setIngestedAt(now)
        .build();
  }
}
