package io.vigie.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.localstack.LocalStack;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.streams.StreamsProcess;
import io.vigie.streams.StreamsRun;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.TestTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input the reliability issue lists, written as bytes to the raw topic of a
 * Streams application on the real broker: each is dead-lettered with its reason or handled as
 * documented, and a good post published after all of them still comes out enriched, on a stream
 * thread that never stopped.
 */
@ExtendWith(RealServers.class)
class BadInputIT {

  @TempDir Path stateDir;

  private static final AvroSerde<Post> POSTS = AvroSerde.of(Post.class);

  @Test
  void deadLettersEachBadRecordWithItsReasonAndKeepsEnrichingTheRest(LocalStack stack)
      throws Exception {
    StreamsRun run = StreamsRun.isolated(stack, "bad").createTopics();
    Instant now = Instant.now();

    byte[] good = POSTS.encode(post("good-1", "Water over the quay, road closed", now));
    Map<String, byte[]> refused = new LinkedHashMap<>();
    refused.put("test:not-avro", "{\"text\": \"json, not avro\"}".getBytes(StandardCharsets.UTF_8));
    refused.put("test:unknown-schema", unknownFingerprint(good));
    refused.put("test:truncated", Arrays.copyOf(good, good.length / 2));
    refused.put("test:empty", POSTS.encode(post("empty", "", now)));
    refused.put("test:oversized", POSTS.encode(post("oversized", "flood ".repeat(17_000), now)));
    refused.put(
        "test:far-future",
        POSTS.encode(post("far-future", "from tomorrow", now.plusSeconds(86_400))));
    refused.put(
        "test:far-past",
        POSTS.encode(post("far-past", "from last century", Instant.parse("1999-12-31T23:00:00Z"))));

    Map<String, byte[]> accepted = new LinkedHashMap<>();
    accepted.put("test:invalid-utf8", invalidUtf8(now));
    String unusual =
        "\u200Fفيضان في المدينة\u200F #flood 👨\u200D👩\u200D👧 family safe, Zoë ❤\uFE0F";
    accepted.put("test:unusual-unicode", POSTS.encode(post("unusual-unicode", unusual, now)));
    accepted.put("test:dup", POSTS.encode(post("dup", "First version of the post", now)));

    var raw = run.topics().rawPosts();
    try (var producer =
        new KafkaProducer<>(run.kafka(), new StringSerializer(), new ByteArraySerializer())) {
      for (var entry : refused.entrySet()) {
        producer.send(new ProducerRecord<>(raw.name(), entry.getKey(), entry.getValue())).get();
      }
      for (var entry : accepted.entrySet()) {
        producer.send(new ProducerRecord<>(raw.name(), entry.getKey(), entry.getValue())).get();
      }
      // The same id again with other content: a redelivery, dropped and counted as documented.
      producer
          .send(
              new ProducerRecord<>(
                  raw.name(), "test:dup", POSTS.encode(post("dup", "Edited text, same id", now))))
          .get();
      producer.send(new ProducerRecord<>(raw.name(), "test:good-1", good)).get();
    }

    try (StreamsProcess streams = run.start(stateDir)) {
      var enriched =
          TestTopics.readUntil(
              stack.bootstrapServers().orElseThrow(),
              run.topics().enrichedPosts().name(),
              run.topics().enrichedPosts().valueSerde().deserializer(),
              // Partitions have no order between them: wait for every post expected out.
              records ->
                  records.stream()
                      .map(r -> r.key())
                      .collect(Collectors.toSet())
                      .containsAll(
                          java.util.List.of(
                              "test:invalid-utf8",
                              "test:unusual-unicode",
                              "test:dup",
                              "test:good-1")),
              Duration.ofSeconds(120));
      var letters =
          TestTopics.readAtLeast(
              stack.bootstrapServers().orElseThrow(),
              run.topics().streamsDeadLetters().name(),
              run.topics().streamsDeadLetters().valueSerde().deserializer(),
              refused.size(),
              Duration.ofSeconds(60));

      Map<String, DeadLetter> byKey =
          letters.stream()
              .collect(
                  Collectors.toMap(
                      r -> new String(bytes(r.value().getOriginalKey()), StandardCharsets.UTF_8),
                      r -> r.value(),
                      (a, b) -> a));
      assertThat(byKey).containsOnlyKeys(refused.keySet());
      assertThat(byKey.get("test:not-avro").getErrorMessage()).contains("BAD_HEADER");
      assertThat(byKey.get("test:unknown-schema").getErrorMessage()).contains("UNKNOWN_SCHEMA");
      assertThat(byKey.get("test:truncated").getErrorMessage()).contains("MALFORMED_BODY");
      assertThat(byKey.get("test:empty").getErrorMessage()).contains("text is empty");
      assertThat(byKey.get("test:oversized").getErrorMessage()).contains("text has");
      assertThat(byKey.get("test:far-future").getErrorMessage()).contains("in the future");
      assertThat(byKey.get("test:far-past").getErrorClass()).isEqualTo("InvalidPost");
      for (var entry : refused.entrySet()) {
        DeadLetter letter = byKey.get(entry.getKey());
        assertThat(letter.getSourceTopic()).isEqualTo(raw.name());
        assertThat(bytes(letter.getOriginalValue()))
            .as("the original bytes, for a redrive")
            .isEqualTo(entry.getValue());
      }

      Map<String, EnrichedPost> out =
          enriched.stream()
              .collect(Collectors.toMap(r -> r.key(), r -> r.value(), (first, later) -> first));
      assertThat(out)
          .containsOnlyKeys("test:invalid-utf8", "test:unusual-unicode", "test:dup", "test:good-1");
      // Avro's decoder replaces bytes that are not UTF-8 with U+FFFD; the rest of the text stays.
      assertThat(out.get("test:invalid-utf8").getPost().getText())
          .startsWith("Bridge closed ")
          .contains("\uFFFD")
          .endsWith(" river rising");
      EnrichedPost rtl = out.get("test:unusual-unicode");
      assertThat(rtl.getPost().getText()).isEqualTo(unusual);
      assertThat(rtl.getHashtags()).contains("flood");
      assertThat(out.get("test:dup").getPost().getText()).isEqualTo("First version of the post");
      assertThat(enriched).filteredOn(r -> r.key().equals("test:dup")).hasSize(1);
      assertThat(streams.app().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }
  }

  private static Post post(String id, String text, Instant at) {
    return CrisisScenario.post(id, "author-" + id, text, at);
  }

  /** A valid single-object header whose schema fingerprint no Vigie version ever had. */
  private static byte[] unknownFingerprint(byte[] encoded) {
    byte[] copy = encoded.clone();
    for (int i = 2; i < 10; i++) {
      copy[i] = (byte) ~copy[i];
    }
    return copy;
  }

  /** An encoded post whose text holds bytes that are not UTF-8, its Avro length unchanged. */
  private static byte[] invalidUtf8(Instant now) {
    String placeholder = "PLACEHOLDER";
    byte[] encoded =
        POSTS.encode(post("invalid-utf8", "Bridge closed " + placeholder + " river rising", now));
    byte[] marker = placeholder.getBytes(StandardCharsets.US_ASCII);
    int at = indexOf(encoded, marker);
    byte[] invalid = {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1, (byte) 0xFF, (byte) 0xFE};
    for (int i = 0; i < marker.length; i++) {
      encoded[at + i] = invalid[i % invalid.length];
    }
    return encoded;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("placeholder not found in the encoded post");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }
}
