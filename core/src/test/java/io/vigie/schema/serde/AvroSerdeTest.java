package io.vigie.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.Fixtures;
import io.vigie.schema.Post;
import io.vigie.schema.serde.AvroDecodingException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdeTest {

  static Stream<SpecificRecord> everyRecordType() {
    return Stream.of(
        Fixtures.bostonPost(),
        Fixtures.enriched(),
        Fixtures.spike(),
        Fixtures.alert(),
        Fixtures.watchRule(),
        Fixtures.deadLetter());
  }

  @ParameterizedTest
  @MethodSource("everyRecordType")
  @SuppressWarnings("unchecked")
  <T extends SpecificRecord> void shouldRoundTripEveryRecordType(T record) {
    AvroSerde<T> serde = AvroSerde.of((Class<T>) record.getClass());

    byte[] bytes = serde.serialize("topic", record);

    assertThat(bytes[0]).as("single-object marker").isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("topic", bytes)).isEqualTo(record);
  }

  @Test
  void shouldMapNullToTombstoneBothWays() {
    AvroSerde<Post> serde = AvroSerde.of(Post.class);

    assertThat(serde.serialize("topic", null)).isNull();
    assertThat(serde.deserialize("topic", null)).isNull();
  }

  @Test
  void shouldReadPostWrittenWithOlderSchemaVersion() throws IOException {
    Schema older = olderPostSchema();
    byte[] written = encodeWithOlderSchema(older);

    Post read = AvroSerde.of(Post.class, SchemaHistory.of(older)).decode(written);

    assertThat(read.getText()).isEqualTo("Explosion at fertilizer plant near Waco");
    assertThat(read.getCreatedAt()).isEqualTo(Instant.parse("2013-04-18T01:02:03Z"));
    assertThat(read.getAuthor()).as("field added later takes its default").isNull();
    assertThat(read.getAttributes()).isEmpty();
  }

  @Test
  void shouldRaiseUnknownSchemaForFingerprintOutsideHistory() throws IOException {
    byte[] written = encodeWithOlderSchema(olderPostSchema());

    assertThatThrownBy(() -> AvroSerde.of(Post.class, SchemaHistory.of()).decode(written))
        .isInstanceOf(AvroDecodingException.class)
        .isInstanceOf(SerializationException.class)
        .satisfies(
            e -> assertThat(((AvroDecodingException) e).reason()).isEqualTo(Reason.UNKNOWN_SCHEMA))
        .hasMessageContaining("Post");
  }

  @Test
  void shouldRaiseBadHeaderForBytesThatAreNotSingleObjectEncoded() {
    byte[] json = "{\"text\":\"hello\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AvroSerde.of(Post.class).decode(json))
        .isInstanceOfSatisfying(
            AvroDecodingException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_HEADER));
  }

  @Test
  void shouldRaiseMalformedBodyForTruncatedMessage() {
    AvroSerde<Post> serde = AvroSerde.of(Post.class);
    byte[] whole = serde.encode(Fixtures.bostonPost());
    byte[] truncated = Arrays.copyOf(whole, 14);

    assertThatThrownBy(() -> serde.decode(truncated))
        .isInstanceOfSatisfying(
            AvroDecodingException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_BODY));
  }

  @Test
  void shouldRefuseToEncodeRecordWithMissingRequiredField() {
    Post incomplete = Fixtures.bostonPost();
    incomplete.put("text", null);

    assertThatThrownBy(() -> AvroSerde.of(Post.class).encode(incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Post");
  }

  private static Schema olderPostSchema() throws IOException {
    try (InputStream in = AvroSerdeTest.class.getResourceAsStream("Post-older.avsc")) {
      return new Schema.Parser().parse(in);
    }
  }

  private static byte[] encodeWithOlderSchema(Schema older) throws IOException {
    GenericRecord record =
        new GenericRecordBuilder(older)
            .set("source", "twitter")
            .set("id", "324711458440773632")
            .set("text", "Explosion at fertilizer plant near Waco")
            .set("created_at", Instant.parse("2013-04-18T01:02:03Z").toEpochMilli())
            .set("ingested_at", Instant.parse("2013-04-18T01:02:05Z").toEpochMilli())
            .build();
    ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
