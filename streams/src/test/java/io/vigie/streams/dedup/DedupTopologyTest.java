package io.vigie.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import io.vigie.streams.VigieStreamsApp;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DedupTopologyTest {

  private static final Instant NOW = Instant.parse("2013-04-15T19:00:00Z");
  private final VigieTopics topics = VigieTopics.withPrefix("test.");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Post> raw;
  private TestInputTopic<String, byte[]> rawBytes;
  private TestOutputTopic<String, EnrichedPost> enriched;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void startDriver() {
    StreamsSettings settings =
        new StreamsSettings(
            "intake-test",
            stateDir,
            StreamsConfig.EXACTLY_ONCE_V2,
            1,
            0,
            Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    Properties props = settings.toProperties();
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.vigie.streams.errors.DeadLetterHandler.class);
    props.put(
        io.vigie.streams.errors.DeadLetterHandler.TOPIC_CONFIG, topics.streamsDeadLetters().name());
    props.put(io.vigie.streams.errors.DeadLetterHandler.METER_REGISTRY_CONFIG, meters);
    driver =
        new TopologyTestDriver(
            VigieStreamsApp.topology(topics, new StageMeters(meters), clock), props, NOW);
    raw =
        driver.createInputTopic(
            topics.rawPosts().name(),
            new StringSerializer(),
            topics.rawPosts().valueSerde().serializer());
    rawBytes =
        driver.createInputTopic(
            topics.rawPosts().name(), new StringSerializer(), new ByteArraySerializer());
    enriched =
        driver.createOutputTopic(
            topics.enrichedPosts().name(),
            topics.enrichedPosts().keySerde().deserializer(),
            topics.enrichedPosts().valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            topics.streamsDeadLetters().name(),
            topics.streamsDeadLetters().keySerde().deserializer(),
            topics.streamsDeadLetters().valueSerde().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldForwardValidPostKeyedBySourceAndId() {
    Post post =
        post(
            "323869587231453184",
            "Smoke after blast near marathon finish line",
            NOW.minusSeconds(300));

    raw.pipeInput(null, post, post.getCreatedAt());

    KeyValue<String, EnrichedPost> out = enriched.readKeyValue();
    assertThat(out.key).isEqualTo("twitter:323869587231453184");
    assertThat(out.value.getPost()).isEqualTo(post);
    assertThat(out.value.getEnrichedAt()).isEqualTo(NOW);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDropRedeliveriesAndClusterRepostsWithTheirOriginal() {
    Post original =
        post("1", "Explosion near the marathon finish line, many injured", NOW.minusSeconds(60));
    Post retweet =
        post(
            "2",
            "RT @witness: Explosion near the marathon finish line, many injured",
            NOW.minusSeconds(30));

    raw.pipeInput("twitter:1", original, original.getCreatedAt());
    raw.pipeInput("twitter:1", original, original.getCreatedAt()); // redelivered
    raw.pipeInput("twitter:2", retweet, retweet.getCreatedAt());

    var out = enriched.readKeyValuesToMap();
    assertThat(out).containsOnlyKeys("twitter:1", "twitter:2");
    assertThat(out.get("twitter:1").getClusterOpener()).isTrue();
    assertThat(out.get("twitter:2").getClusterId()).isEqualTo("twitter:1");
    assertThat(out.get("twitter:2").getClusterSize()).isEqualTo(2);
    assertThat(out.get("twitter:2").getRepost()).isTrue();
    assertThat(out.get("twitter:2").getOriginalKey()).isEqualTo("twitter:1");
    assertThat(out.get("twitter:2").getLanguage()).isEqualTo("en");
  }

  @Test
  void shouldRouteFarFuturePostToDeadLetterTopicWithReason() {
    Post future = post("1", "From the future", NOW.plusSeconds(7200));

    raw.pipeInput("twitter:1", future, NOW);

    assertThat(enriched.isEmpty()).isTrue();
    DeadLetter letter = deadLetters.readValue();
    assertThat(letter.getStage()).isEqualTo("streams.intake");
    assertThat(letter.getErrorClass()).isEqualTo("InvalidPost");
    assertThat(letter.getErrorMessage()).contains("in the future");
    assertThat(letter.getSourceTopic()).isEqualTo("test.posts.raw");
    assertThat(letter.getSourceOffset()).isEqualTo(0L);
    assertThat(AvroSerde.of(Post.class).decode(bytes(letter.getOriginalValue()))).isEqualTo(future);
  }

  @Test
  void shouldDateADeadLetterWhenItWasRefusedNotWhenThePostClaimsToBeFrom() {
    java.time.Instant past = java.time.Instant.parse("1999-12-31T23:00:00Z");

    raw.pipeInput("twitter:2", post("2", "From last century", past), past);

    // A record dated 1999 would start a segment the broker deletes under time retention.
    var letter = deadLetters.readRecord();
    assertThat(letter.getValue().getErrorClass()).isEqualTo("InvalidPost");
    assertThat(letter.getRecordTime()).as("the driver's wall clock").isEqualTo(NOW);
  }

  @Test
  void shouldCountWhatBecameOfEachPostInTheRegistryItIsGiven() {
    Post original =
        post("1", "Explosion near the marathon finish line, many injured", NOW.minusSeconds(60));
    Post retweet =
        post(
            "2",
            "RT @witness: Explosion near the marathon finish line, many injured",
            NOW.minusSeconds(30));

    raw.pipeInput("twitter:1", original, original.getCreatedAt());
    raw.pipeInput("twitter:1", original, original.getCreatedAt()); // redelivered
    raw.pipeInput("twitter:2", retweet, retweet.getCreatedAt());
    raw.pipeInput("twitter:3", post("3", "From the future", NOW.plusSeconds(7200)), NOW);

    assertThat(count("vigie.streams.posts", "stage", "dedup", "direction", "in")).isEqualTo(4);
    assertThat(count("vigie.streams.redeliveries", "stage", "dedup")).isEqualTo(1);
    assertThat(count("vigie.streams.duplicates", "kind", "near_duplicate")).isEqualTo(1);
    assertThat(count("vigie.streams.posts", "stage", "dedup", "direction", "out")).isEqualTo(2);
    assertThat(
            count(
                "vigie.streams.dead-letters",
                "stage",
                "streams.intake",
                "error_class",
                "InvalidPost"))
        .isEqualTo(1);
  }

  @Test
  void shouldSkipUndecodableBytesAndKeepProcessing() {
    // TopologyTestDriver does not produce a handler's dead letters: the real-broker test checks
    // them.
    rawBytes.pipeInput(
        "webhook:7", "not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8), NOW);
    raw.pipeInput(null, post("8", "Explosion heard in West", NOW), NOW);

    assertThat(enriched.readKeyValue().key).isEqualTo("twitter:8");
    assertThat(enriched.isEmpty()).isTrue();
  }

  @Test
  void shouldFailWithoutDeadLetterTopicConfigured() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "no-dlq");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("other").toString());
    props.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        io.vigie.streams.errors.DeadLetterHandler.class);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new TopologyTestDriver(
                        VigieStreamsApp.topology(
                            topics, new StageMeters(new SimpleMeterRegistry()), clock),
                        props)
                    .close())
        .hasStackTraceContaining("vigie.dead-letter.topic");
  }

  private double count(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  private static byte[] bytes(java.nio.ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  static Post post(String id, String text, Instant created) {
    return Post.newBuilder()
        .setSource("twitter")
        .setId(id)
        .setText(text)
        .setCreatedAt(created)
        .setIngestedAt(created.plusSeconds(1))
        .build();
  }
}
