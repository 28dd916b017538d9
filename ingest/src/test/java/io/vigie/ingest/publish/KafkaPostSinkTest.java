package io.vigie.ingest.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class KafkaPostSinkTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private final VigieTopics topics = VigieTopics.withPrefix("t.");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final IngestMetrics metrics = new IngestMetrics(registry);
  private final MockProducer<String, Post> posts =
      new MockProducer<>(
          true, null, new StringSerializer(), topics.rawPosts().valueSerde().serializer());
  private final MockProducer<String, DeadLetter> letters =
      new MockProducer<>(
          true, null, new StringSerializer(), topics.ingestDeadLetters().valueSerde().serializer());
  private final PostValidator validator =
      new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(Duration.ofDays(7)));
  private final KafkaPostSink sink =
      new KafkaPostSink(
          new PostPublisher(topics.rawPosts(), posts, metrics),
          new RefusedPosts(topics.ingestDeadLetters(), letters, clock, metrics),
          validator);

  private static Post post(String id, String text, Instant created) {
    return Post.newBuilder()
        .setSource("rss")
        .setId(id)
        .setText(text)
        .setCreatedAt(created)
        .setIngestedAt(NOW)
        .build();
  }

  @Test
  void shouldPublishAValidPostToTheRawTopicKeyedBySourceAndId() throws Exception {
    Post valid = post("1", "hello", NOW);

    assertThat(sink.problem(valid)).isEmpty();
    sink.publish(valid).get();

    assertThat(posts.history()).hasSize(1);
    assertThat(posts.history().get(0).topic()).isEqualTo(topics.rawPosts().name());
    assertThat(posts.history().get(0).key()).isEqualTo("rss:1");
    assertThat(posts.history().get(0).value()).isEqualTo(valid);
    assertThat(letters.history()).isEmpty();
    assertThat(registry.find("vigie.ingest.posts.published").tag("source", "rss").counter().count())
        .isEqualTo(1);
  }

  @Test
  void shouldSendARefusedPostToTheDeadLettersWithItsReason() throws Exception {
    Post tooOld = post("2", "hello", NOW.minus(Duration.ofDays(8)));

    Optional<String> problem = sink.problem(tooOld);
    assertThat(problem).isPresent();
    sink.refuse(
            "ingest.test",
            "rss:2",
            sink.encode(tooOld),
            "InvalidPost",
            problem.get(),
            Map.of("feed", "https://example.org/feed"))
        .get();

    assertThat(posts.history()).isEmpty();
    assertThat(letters.history()).hasSize(1);
    DeadLetter letter = letters.history().get(0).value();
    assertThat(letters.history().get(0).topic()).isEqualTo(topics.ingestDeadLetters().name());
    assertThat(letter.getStage()).isEqualTo("ingest.test");
    assertThat(letter.getErrorClass()).isEqualTo("InvalidPost");
    assertThat(letter.getErrorMessage()).isEqualTo(problem.get());
    assertThat(letter.getAttributes()).containsEntry("feed", "https://example.org/feed");
    assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalKey()).toString())
        .isEqualTo("rss:2");
    assertThat(
            registry
                .find("vigie.ingest.posts.refused")
                .tags("stage", "ingest.test", "error_class", "InvalidPost")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldCloseBothProducers() {
    sink.close();

    assertThat(posts.closed()).isTrue();
    assertThat(letters.closed()).isTrue();
  }

  @Test
  void shouldHaveNoDeadLettersWhenItsSourceAnswersItsCaller() {
    KafkaPostSink answering =
        KafkaPostSink.withoutDeadLetters(
            new PostPublisher(topics.rawPosts(), posts, metrics), validator);

    assertThatThrownBy(
            () -> answering.refuse("ingest.test", null, new byte[] {1}, "X", "bad", Map.of()))
        .isInstanceOf(IllegalStateException.class);
    answering.close();
    assertThat(posts.closed()).isTrue();
    assertThat(letters.closed()).isFalse();
  }
}
