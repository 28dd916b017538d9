package io.vigie.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.KafkaPostSink;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Mastodon connector against a local server speaking the streaming API's server-sent events
 * (https://docs.joinmastodon.org/methods/streaming/: {@code event: update} with a Status entity,
 * {@code event: delete} with an id, {@code :thump} heartbeats), publishing into the real broker.
 */
@ExtendWith(RealServers.class)
class MastodonStreamIT {

  private static String status(String id, String text) {
    return "{\"id\":\""
        + id
        + "\",\"created_at\":\""
        + Instant.now().minusSeconds(5)
        + "\",\"in_reply_to_id\":null,\"language\":\"fr\",\"url\":\"https://piaille.fr/@a/"
        + id
        + "\","
        + "\"replies_count\":0,\"reblogs_count\":0,\"favourites_count\":0,\"content\":\"<p>"
        + text
        + "</p>\",\"reblog\":null,"
        + "\"account\":{\"id\":\"42\",\"username\":\"a\",\"acct\":\"a\",\"display_name\":\"A\",\"followers_count\":10,\"created_at\":\"2023-01-01T00:00:00.000Z\"}}";
  }

  @Test
  void shouldPublishUpdatesSkipOtherEventsDeadLetterBadOnesAndCatchUpAfterAReconnection(
      LocalStack stack) throws Exception {
    AtomicInteger connections = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    HttpServer mastodon = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    mastodon.createContext(
        "/api/v1/streaming/hashtag",
        exchange -> {
          int connection = connections.incrementAndGet();
          assertThat(exchange.getRequestURI().getQuery()).isEqualTo("tag=inondation");
          exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          try (OutputStream out = exchange.getResponseBody()) {
            String events =
                connection == 1
                    ? ":thump\n\nevent: update\ndata: "
                        + status("1", "Crue de la Saône")
                        + "\n\nevent: delete\ndata: 99\n\nevent: update\ndata: {\"id\": broken\n\nevent: update\ndata: "
                        + status("2", "Quais fermés")
                        + "\n\n"
                    : "event: update\ndata: " + status("3", "Décrue annoncée") + "\n\n";
            out.write(events.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (connection > 1) {
              done.await(); // a live stream stays open
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    // https://docs.joinmastodon.org/methods/timelines/#tag: an array of Status, newest first.
    List<String> backfillQueries = new java.util.concurrent.CopyOnWriteArrayList<>();
    mastodon.createContext(
        "/api/v1/timelines/tag/inondation",
        exchange -> {
          String query = exchange.getRequestURI().getQuery();
          backfillQueries.add(query);
          String body =
              query.contains("min_id=2&") || query.endsWith("min_id=2")
                  ? "["
                      + status("11", "Pompiers mobilisés")
                      + ","
                      + status("10", "L'eau monte encore")
                      + "]"
                  : "[]";
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    mastodon.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    mastodon.start();
    VigieTopics topics =
        VigieTopics.withPrefix("mastodon" + UUID.randomUUID().toString().substring(0, 8) + ".");
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of("bootstrap.servers", stack.bootstrapServers().orElseThrow()))) {
      new TopicSetup(3, (short) -1, Duration.ofDays(7)).ensure(admin, topics);
    }
    Map<String, Object> kafka = Map.of("bootstrap.servers", stack.bootstrapServers().orElseThrow());
    Clock clock = Clock.systemUTC();
    try (PostPublisher publisher =
            PostPublisher.create(
                topics.rawPosts(), kafka, new IngestMetrics(Metrics.globalRegistry));
        RefusedPosts refused =
            RefusedPosts.create(
                topics.ingestDeadLetters(),
                kafka,
                clock,
                new IngestMetrics(Metrics.globalRegistry))) {
      MastodonStream stream =
          new MastodonStream(
              new MastodonStream.Settings(
                  URI.create("http://127.0.0.1:" + mastodon.getAddress().getPort()),
                  URI.create("http://127.0.0.1:" + mastodon.getAddress().getPort()),
                  "hashtag",
                  Optional.of("inondation"),
                  Optional.empty(),
                  Duration.ofMillis(100),
                  Duration.ofSeconds(1),
                  10),
              HttpClient.newHttpClient(),
              new KafkaPostSink(
                  publisher, refused, new PostValidator(clock, PostValidator.Limits.defaults())),
              clock);
      Thread thread = new Thread(stream, "mastodon-test");
      thread.start();
      try {
        await().atMost(Duration.ofSeconds(30)).until(() -> stream.published() == 5);
        assertThat(stream.reconnects()).isGreaterThanOrEqualTo(1);
        assertThat(stream.backfilled()).isEqualTo(2);
        assertThat(backfillQueries)
            .as("caught up from the last status seen; a page shorter than 40 ends the catch-up")
            .containsExactly("limit=40&min_id=2");
        assertThat(stream.refused()).isEqualTo(1);
      } finally {
        done.countDown();
        stream.close();
        thread.join(5000);
        mastodon.stop(0);
      }
    }
    String bootstrap = stack.bootstrapServers().orElseThrow();
    List<ConsumerRecord<String, Post>> posts =
        TestTopics.readAtLeast(
            bootstrap,
            topics.rawPosts().name(),
            topics.rawPosts().valueSerde().deserializer(),
            5,
            Duration.ofSeconds(20));
    assertThat(posts)
        .extracting(r -> r.value().getText())
        .containsExactlyInAnyOrder(
            "Crue de la Saône",
            "Quais fermés",
            "L'eau monte encore",
            "Pompiers mobilisés",
            "Décrue annoncée");
    assertThat(posts).extracting(ConsumerRecord::key).contains("mastodon:127.0.0.1/1");
    List<ConsumerRecord<String, DeadLetter>> letters =
        TestTopics.readAtLeast(
            bootstrap,
            topics.ingestDeadLetters().name(),
            topics.ingestDeadLetters().valueSerde().deserializer(),
            1,
            Duration.ofSeconds(20));
    assertThat(letters)
        .singleElement()
        .satisfies(
            l ->
                assertThat(new String(l.value().getOriginalValue().array(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\": broken"));
  }
}
