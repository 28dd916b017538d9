package io.vigie.ingest.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
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
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed poller against a local server that speaks conditional GET, publishing into the real
 * broker.
 */
@ExtendWith(RealServers.class)
class FeedPollerIT {

  @TempDir Path state;

  private static String rss(String... guids) {
    StringBuilder items = new StringBuilder();
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().minusSeconds(600).atZone(ZoneOffset.UTC));
    for (String guid : guids) {
      items
          .append("<item><title>Alerte ")
          .append(guid)
          .append("</title><description>Crue en cours</description><pubDate>")
          .append(date)
          .append("</pubDate><guid>")
          .append(guid)
          .append("</guid></item>");
    }
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>"
        + items
        + "</channel></rss>";
  }

  @Test
  void shouldPublishOnlyNewEntriesUseConditionalGetAndBackOffOnErrors(LocalStack stack)
      throws Exception {
    AtomicReference<String> feed = new AtomicReference<>(rss("a", "b"));
    AtomicReference<Integer> forcedStatus = new AtomicReference<>(null);
    List<String> conditionalHeaders = new ArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/feed.xml",
        exchange -> {
          String etag = "\"" + Integer.toHexString(feed.get().hashCode()) + "\"";
          String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
          conditionalHeaders.add(String.valueOf(ifNoneMatch));
          if (forcedStatus.get() != null) {
            exchange.sendResponseHeaders(forcedStatus.get(), -1);
          } else if (etag.equals(ifNoneMatch)) {
            exchange.sendResponseHeaders(304, -1);
          } else {
            byte[] body = feed.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", "application/rss+xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    VigieTopics topics =
        VigieTopics.withPrefix("feeds" + UUID.randomUUID().toString().substring(0, 8) + ".");
    String bootstrap = stack.bootstrapServers().orElseThrow();
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      new TopicSetup(3, (short) -1, Duration.ofDays(7)).ensure(admin, topics);
    }
    Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
    Clock clock = Clock.systemUTC();
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/feed.xml");
    Duration interval = Duration.ofMinutes(5);
    try (PostPublisher publisher =
            PostPublisher.create(
                topics.rawPosts(), kafka, new IngestMetrics(Metrics.globalRegistry));
        RefusedPosts refused =
            RefusedPosts.create(
                topics.ingestDeadLetters(),
                kafka,
                clock,
                new IngestMetrics(Metrics.globalRegistry))) {
      PostValidator validator = new PostValidator(clock, PostValidator.Limits.defaults());
      FeedPoller poller =
          new FeedPoller(
              url,
              FeedPoller.stateFileIn(state, url),
              HttpClient.newHttpClient(),
              new KafkaPostSink(publisher, refused, validator),
              Optional.of(Duration.ofDays(7)),
              clock,
              interval,
              Duration.ofHours(1));

      FeedPoller.Outcome first = poller.pollOnce();
      FeedPoller.Outcome unchanged = poller.pollOnce();
      feed.set(rss("a", "b", "c"));
      FeedPoller.Outcome changed = poller.pollOnce();
      forcedStatus.set(500);
      FeedPoller.Outcome error1 = poller.pollOnce();
      FeedPoller.Outcome error2 = poller.pollOnce();
      forcedStatus.set(null);
      feed.set(rss("a", "b", "c", "d"));
      // A restart: a new poller reads the saved state and publishes only what it has not seen.
      FeedPoller restarted =
          new FeedPoller(
              url,
              FeedPoller.stateFileIn(state, url),
              HttpClient.newHttpClient(),
              new KafkaPostSink(publisher, refused, validator),
              Optional.of(Duration.ofDays(7)),
              clock,
              interval,
              Duration.ofHours(1));
      FeedPoller.Outcome afterRestart = restarted.pollOnce();

      assertThat(first.published()).isEqualTo(2);
      assertThat(unchanged.status()).isEqualTo(304);
      assertThat(changed.newEntries()).isEqualTo(1);
      assertThat(error1.nextPollIn()).isEqualTo(Duration.ofMinutes(10));
      assertThat(error2.nextPollIn()).isEqualTo(Duration.ofMinutes(20));
      assertThat(afterRestart.published()).isEqualTo(1);
      assertThat(afterRestart.nextPollIn()).isEqualTo(interval);
      assertThat(conditionalHeaders.get(0)).isEqualTo("null");
      assertThat(conditionalHeaders.get(1)).startsWith("\"");
    } finally {
      server.stop(0);
    }
    List<ConsumerRecord<String, Post>> posts =
        TestTopics.readAtLeast(
            bootstrap,
            topics.rawPosts().name(),
            topics.rawPosts().valueSerde().deserializer(),
            4,
            Duration.ofSeconds(20));
    assertThat(posts)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("rss:a", "rss:b", "rss:c", "rss:d");
    assertThat(posts.get(0).value().getText()).startsWith("Alerte").contains("Crue en cours");
  }
}
