package io.vigie.ingest.bluesky;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Metrics;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.KafkaPostSink;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import io.vigie.testkit.TinyWebSocketServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jetstream connector against a local WebSocket server sending Jetstream's JSON events, into
 * the real broker.
 */
@ExtendWith(RealServers.class)
class JetstreamClientIT {

  @TempDir Path dir;

  private static String post(long timeUs, String rkey, String text) {
    return "{\"did\":\"did:plc:abc\",\"time_us\":"
        + timeUs
        + ",\"kind\":\"commit\",\"commit\":{\"rev\":\"r\",\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\""
        + rkey
        + "\","
        + "\"record\":{\"$type\":\"app.bsky.feed.post\",\"createdAt\":\""
        + Instant.now().minusSeconds(3)
        + "\",\"langs\":[\"fr\"],\"text\":\""
        + text
        + "\"},\"cid\":\"bafy\"}}";
  }

  @Test
  void shouldPublishPostsResumeFromTheSavedCursorAndDeadLetterBadEvents(LocalStack stack)
      throws Exception {
    long t0 = 1_763_800_000_000_000L;
    List<List<String>> connections =
        List.of(
            List.of(
                post(t0, "a1", "Incendie dans la zone industrielle"),
                "{\"did\":\"did:plc:abc\",\"time_us\":"
                    + (t0 + 1)
                    + ",\"kind\":\"identity\",\"identity\":{}}",
                "{not json",
                post(t0 + 2_000_000, "a2", "Les pompiers sont sur place")),
            List.of(post(t0 + 5_000_000, "a3", "Le feu est maîtrisé")));
    VigieTopics topics =
        VigieTopics.withPrefix("bluesky" + UUID.randomUUID().toString().substring(0, 8) + ".");
    String bootstrap = stack.bootstrapServers().orElseThrow();
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new TopicSetup(3, (short) -1, Duration.ofDays(7)).ensure(admin, topics);
    }
    Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
    Clock clock = Clock.systemUTC();
    Path cursorFile = dir.resolve("jetstream.cursor");
    try (TinyWebSocketServer jetstream =
            new TinyWebSocketServer(
                n -> n < connections.size() ? connections.get(n) : List.of(), 1);
        PostPublisher publisher =
            PostPublisher.create(
                topics.rawPosts(), kafka, new IngestMetrics(Metrics.globalRegistry));
        RefusedPosts refused =
            RefusedPosts.create(
                topics.ingestDeadLetters(),
                kafka,
                clock,
                new IngestMetrics(Metrics.globalRegistry))) {
      JetstreamClient client =
          new JetstreamClient(
              new JetstreamClient.Settings(
                  URI.create("ws://127.0.0.1:" + jetstream.port() + "/subscribe"),
                  cursorFile,
                  Duration.ofSeconds(1),
                  Duration.ofMillis(100),
                  Duration.ofSeconds(1)),
              HttpClient.newHttpClient(),
              new KafkaPostSink(
                  publisher,
                  refused,
                  new PostValidator(
                      clock, io.vigie.schema.validation.PostValidator.Limits.defaults())),
              clock);
      Thread thread = new Thread(client, "jetstream-test");
      thread.start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> client.published() == 3);
        assertThat(client.refused()).isEqualTo(1);
        assertThat(jetstream.requests().get(0))
            .isEqualTo("/subscribe?wantedCollections=app.bsky.feed.post");
        assertThat(jetstream.requests().get(1))
            .as("resumes one second before the last event")
            .isEqualTo(
                "/subscribe?wantedCollections=app.bsky.feed.post&cursor=" + (t0 + 1_000_000));
      } finally {
        client.close();
        thread.join(5000);
      }
      // The listener thread may still be saving the last event's cursor when close() returns.
      await()
          .atMost(Duration.ofSeconds(10))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(Files.readString(cursorFile))
                      .isEqualTo(Long.toString(t0 + 5_000_000)));
    }
    List<ConsumerRecord<String, Post>> posts =
        TestTopics.readAtLeast(
            bootstrap,
            topics.rawPosts().name(),
            topics.rawPosts().valueSerde().deserializer(),
            3,
            Duration.ofSeconds(20));
    assertThat(posts)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder(
            "bluesky:did:plc:abc/a1", "bluesky:did:plc:abc/a2", "bluesky:did:plc:abc/a3");
  }
}
