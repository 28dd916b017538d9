package io.vigie.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.Vigie;
import io.vigie.app.config.VigieConfig;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie ingest replay} against the real broker. */
@ExtendWith(RealServers.class)
class ReplayIT {

  @TempDir Path dir;

  @Test
  void shouldReplayGzippedJsonLinesAndDeadLetterTheBadOnes(LocalStack stack) throws Exception {
    String prefix = "replay" + UUID.randomUUID().toString().substring(0, 8) + ".";
    Instant recent = Instant.now().minus(Duration.ofHours(2));
    String content =
        "{\"source\":\"mastodon\",\"id\":\"b\",\"text\":\"Incendie rue de la Paix, évitez le secteur\",\"created_at\":\""
            + recent.plusSeconds(60)
            + "\",\"lang\":\"fr\"}\n"
            + "{\"source\":\"mastodon\",\"id\":\"a\",\"text\":\"Fumée noire au-dessus du port\",\"created_at\":\""
            + recent
            + "\"}\n"
            + "{\"source\":\"mastodon\",\"id\":\"c\",\"created_at\":\""
            + recent
            + "\"}\n";
    Path file = dir.resolve("posts.jsonl.gz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    String bootstrap = stack.bootstrapServers().orElseThrow();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int exit =
        Vigie.execute(
            new String[] {
              "ingest",
              "replay",
              file.toString(),
              "--speed",
              "max",
              "--keep-time",
              "--no-checkpoint",
              "--set",
              "kafka.bootstrap.servers=" + bootstrap,
              "--set",
              "elasticsearch.urls=" + stack.elasticsearchUrl().orElseThrow(),
              "--set",
              VigieConfig.TOPICS_PREFIX + "=" + prefix
            },
            Map.of(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString()).contains("2 posts published").contains("1 refused");
    VigieTopics topics = VigieTopics.withPrefix(prefix);
    List<ConsumerRecord<String, Post>> posts =
        TestTopics.readAtLeast(
            bootstrap,
            topics.rawPosts().name(),
            topics.rawPosts().valueSerde().deserializer(),
            2,
            Duration.ofSeconds(30));
    assertThat(posts)
        .extracting(ConsumerRecord::key)
        .containsExactlyInAnyOrder("mastodon:a", "mastodon:b");
    assertThat(posts)
        .allSatisfy(
            r -> assertThat(r.timestamp()).isEqualTo(r.value().getCreatedAt().toEpochMilli()));
    assertThat(posts)
        .allSatisfy(
            r ->
                assertThat(
                        new String(
                            r.headers().lastHeader("vigie.source").value(), StandardCharsets.UTF_8))
                    .isEqualTo("mastodon"));
    List<ConsumerRecord<String, DeadLetter>> letters =
        TestTopics.readAtLeast(
            bootstrap,
            topics.ingestDeadLetters().name(),
            topics.ingestDeadLetters().valueSerde().deserializer(),
            1,
            Duration.ofSeconds(30));
    assertThat(letters)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value().getErrorMessage()).isEqualTo("text: required");
              assertThat(r.value().getAttributes()).containsEntry("line", "3");
            });
  }
}
