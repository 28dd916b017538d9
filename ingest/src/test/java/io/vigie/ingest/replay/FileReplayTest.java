package io.vigie.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.KafkaPostSink;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReplayTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final VigieTopics topics = VigieTopics.withPrefix("t.");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final PostValidator validator =
      new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(Duration.ofDays(7)));
  @TempDir Path dir;

  private final MockProducer<String, DeadLetter> letters =
      new MockProducer<>(
          true, null, new StringSerializer(), topics.ingestDeadLetters().valueSerde().serializer());

  private static String line(String id, String created, String text) {
    return "{\"source\":\"webhook\",\"id\":\""
        + id
        + "\",\"text\":\""
        + text
        + "\",\"created_at\":\""
        + created
        + "\"}\n";
  }

  private Path file(String name, byte[] content) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, content);
    return file;
  }

  private FileReplay replay(MockProducer<String, Post> posts, List<Instant> sleeps) {
    IngestMetrics metrics = new IngestMetrics(new SimpleMeterRegistry());
    return new FileReplay(
        new KafkaPostSink(
            new PostPublisher(topics.rawPosts(), posts, metrics),
            new RefusedPosts(topics.ingestDeadLetters(), letters, clock, metrics),
            validator),
        clock,
        (when, c) -> sleeps.add(when));
  }

  private MockProducer<String, Post> posts(boolean autoComplete) {
    return new MockProducer<>(
        autoComplete, null, new StringSerializer(), topics.rawPosts().valueSerde().serializer());
  }

  @Test
  void shouldPublishInEventTimeOrderAndDeadLetterEveryUnreadableLine() throws Exception {
    byte[] invalidUtf8 = {'{', '"', 't', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    var content = new java.io.ByteArrayOutputStream();
    content.writeBytes(
        line("2", "2013-04-18T01:00:00Z", "second").getBytes(StandardCharsets.UTF_8));
    content.writeBytes("{not json\n".getBytes(StandardCharsets.UTF_8));
    content.writeBytes(line("1", "2013-04-18T00:00:00Z", "first").getBytes(StandardCharsets.UTF_8));
    content.writeBytes(
        "{\"source\":\"x\",\"id\":\"3\",\"text\":\"t\",\"created_at\":\"2013-04-18T00:00:00Z\",\"colour\":\"red\"}\n"
            .getBytes(StandardCharsets.UTF_8));
    content.writeBytes(invalidUtf8);
    MockProducer<String, Post> posts = posts(true);

    FileReplay.Result result =
        replay(posts, new ArrayList<>())
            .replay(
                file("posts.jsonl", content.toByteArray()),
                new FileReplay.Options(
                    Double.POSITIVE_INFINITY, false, Duration.ofHours(1), "webhook"),
                ReplayCheckpoint.none(),
                p -> {});

    assertThat(posts.history()).extracting(r -> r.value().getId()).containsExactly("1", "2");
    assertThat(posts.history().get(1).value().getCreatedAt())
        .as("fitted to the hour ending now")
        .isEqualTo(NOW);
    assertThat(posts.history().get(0).value().getCreatedAt())
        .isEqualTo(NOW.minus(Duration.ofHours(1)));
    assertThat(posts.history().get(0).value().getAttributes())
        .containsEntry(TimeRebase.ORIGINAL_TIME_ATTRIBUTE, "2013-04-18T00:00:00Z");
    assertThat(letters.history())
        .extracting(r -> r.value().getErrorMessage())
        .satisfiesExactlyInAnyOrder(
            m -> assertThat(m).contains("malformed JSON"),
            m -> assertThat(m).contains("colour: unknown field"),
            m -> assertThat(m).contains("invalid UTF-8"));
    assertThat(letters.history())
        .allSatisfy(r -> assertThat(r.value().getAttributes()).containsKeys("file", "line"));
    assertThat(result.published()).isEqualTo(2);
    assertThat(result.refused()).isEqualTo(3);
    assertThat(result.failure()).isEmpty();
  }

  @Test
  void shouldDeadLetterPostsOlderThanRetentionWhenKeepingOriginalTimes() throws Exception {
    MockProducer<String, Post> posts = posts(true);

    FileReplay.Result result =
        replay(posts, new ArrayList<>())
            .replay(
                file(
                    "old.jsonl",
                    line("1", "2013-04-18T00:00:00Z", "old").getBytes(StandardCharsets.UTF_8)),
                new FileReplay.Options(
                    Double.POSITIVE_INFINITY, true, Duration.ofHours(1), "webhook"),
                ReplayCheckpoint.none(),
                p -> {});

    assertThat(posts.history()).isEmpty();
    assertThat(letters.history())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.value().getErrorMessage()).contains("older than the topic retention"));
    assertThat(result.refused()).isEqualTo(1);
  }

  @Test
  void shouldPaceAtTheChosenSpeedAndStampPostsWithTheirSendTime() throws Exception {
    String content =
        line("1", "2013-04-18T00:00:00Z", "a")
            + line("2", "2013-04-18T00:01:00Z", "b")
            + line("3", "2013-04-18T00:03:00Z", "c");
    List<Instant> sleeps = new ArrayList<>();
    MockProducer<String, Post> posts = posts(true);

    replay(posts, sleeps)
        .replay(
            file("paced.jsonl", content.getBytes(StandardCharsets.UTF_8)),
            new FileReplay.Options(60, false, Duration.ofHours(1), "webhook"),
            ReplayCheckpoint.none(),
            p -> {});

    assertThat(sleeps).containsExactly(NOW, NOW.plusSeconds(1), NOW.plusSeconds(3));
    assertThat(posts.history())
        .extracting(r -> r.value().getCreatedAt())
        .containsExactly(NOW, NOW.plusSeconds(1), NOW.plusSeconds(3));
    assertThat(posts.history())
        .extracting(r -> r.timestamp())
        .containsExactly(
            NOW.toEpochMilli(),
            NOW.plusSeconds(1).toEpochMilli(),
            NOW.plusSeconds(3).toEpochMilli());
  }

  @Test
  void shouldResumeAfterTheLastAcknowledgedPostWhenKafkaFailed() throws Exception {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < 5; i++) {
      content.append(line("p" + i, "2026-11-22T09:0" + i + ":00Z", "post " + i));
    }
    Path file = file("resume.jsonl", content.toString().getBytes(StandardCharsets.UTF_8));
    ReplayCheckpoint checkpoint = ReplayCheckpoint.at(dir.resolve("resume.checkpoint"));
    FileReplay.Options options =
        new FileReplay.Options(Double.POSITIVE_INFINITY, true, Duration.ofHours(1), "webhook");
    MockProducer<String, Post> failing = posts(false);
    Thread broker =
        new Thread(
            () -> {
              // Kafka acknowledges two posts, then times out on the third.
              org.awaitility.Awaitility.await().until(() -> failing.history().size() == 5);
              failing.completeNext();
              failing.completeNext();
              failing.errorNext(new TimeoutException("broker unavailable"));
              failing.errorNext(new TimeoutException("broker unavailable"));
              failing.errorNext(new TimeoutException("broker unavailable"));
            });
    broker.start();

    FileReplay.Result first =
        replay(failing, new ArrayList<>()).replay(file, options, checkpoint, p -> {});
    broker.join();

    assertThat(first.failure()).get().isInstanceOf(TimeoutException.class);
    MockProducer<String, Post> healthy = posts(true);
    FileReplay.Result second =
        replay(healthy, new ArrayList<>()).replay(file, options, checkpoint, p -> {});
    assertThat(second.resumedFrom()).isEqualTo(2);
    assertThat(healthy.history())
        .extracting(r -> r.value().getId())
        .containsExactly("p2", "p3", "p4");
    assertThat(second.failure()).isEmpty();
  }

  @Test
  void shouldStreamAFileAlreadyInOrderAndDeadLetterItsUnreadableLinesOnceEveryPostIsIn()
      throws Exception {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      content.append(
          line("p" + i, Instant.parse("2026-11-22T08:00:00Z").plusSeconds(i).toString(), "x"));
      if (i == 700) {
        content.append("{broken\n");
      }
    }
    Path file = dir.resolve("ordered.jsonl.gz");
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.toString().getBytes(StandardCharsets.UTF_8));
    }
    ReplayCheckpoint checkpoint = ReplayCheckpoint.at(dir.resolve("ordered.checkpoint"));
    MockProducer<String, Post> posts = posts(true);

    FileReplay.Result result =
        replay(posts, new ArrayList<>())
            .replay(
                file,
                new FileReplay.Options(
                    Double.POSITIVE_INFINITY, true, Duration.ofHours(1), "webhook"),
                checkpoint,
                p -> {});

    assertThat(posts.history()).hasSize(2_000);
    assertThat(posts.history())
        .extracting(r -> r.value().getId())
        .startsWith("p0", "p1", "p2")
        .endsWith("p1998", "p1999");
    assertThat(letters.history())
        .singleElement()
        .satisfies(r -> assertThat(r.value().getAttributes()).containsEntry("line", "702"));
    assertThat(result.published()).isEqualTo(2_000);
    assertThat(result.refused()).isEqualTo(1);

    FileReplay.Result again =
        replay(posts(true), new ArrayList<>())
            .replay(
                file,
                new FileReplay.Options(
                    Double.POSITIVE_INFINITY, true, Duration.ofHours(1), "webhook"),
                checkpoint,
                p -> {});
    assertThat(again.published()).as("everything was acknowledged").isZero();
    assertThat(letters.history()).as("the unreadable line is not dead-lettered twice").hasSize(1);
  }
}
