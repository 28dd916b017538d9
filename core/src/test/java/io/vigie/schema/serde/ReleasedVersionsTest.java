package io.vigie.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Contracts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Records written with the released v1 of each contract, as a producer of that release wrote them
 * (the v1 file as writer schema, not the generated class), stay readable: by today's serde, and by
 * a later version that added a field, which only works if the decoder resolves the v1 writer found
 * by the message's fingerprint.
 */
class ReleasedVersionsTest {

  private static final String ADDED = "added_after_v1";

  static Stream<Schema> contracts() {
    return Contracts.current().stream();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldReadRecordsWrittenWithV1WithTheCurrentSchema(Schema contract) throws IOException {
    Class<SpecificRecord> type = SpecificData.get().getClass(contract);
    AvroSerde<SpecificRecord> current = AvroSerde.of(type);
    Schema v1 = v1(contract.getName());
    // Seen back through v1's eyes, what the current reader kept must be exactly what was written.
    BinaryMessageDecoder<GenericRecord> asV1 =
        AvroSerde.decoder(GenericData.get(), v1, SchemaHistory.of(contract));

    for (GenericRecord written : v1Records(contract.getName())) {
      SpecificRecord read = current.decode(encode(v1, written));

      assertThat(read).isInstanceOf(type);
      assertThat(asV1.decode(current.encode(read))).isEqualTo(written);
    }
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldReadRecordsWrittenWithV1WithALaterVersionThatAddedAField(Schema contract)
      throws IOException {
    Schema v1 = v1(contract.getName());
    Schema later = withAddedField(v1);
    BinaryMessageDecoder<GenericRecord> decoder =
        AvroSerde.decoder(GenericData.get(), later, SchemaHistory.released(contract.getName()));

    for (GenericRecord written : v1Records(contract.getName())) {
      GenericRecord read = decoder.decode(encode(v1, written));

      assertThat(read.get(ADDED)).as("the added field takes its default").isEqualTo("later");
      for (Schema.Field field : v1.getFields()) {
        assertThat(read.get(field.name()))
            .as("%s.%s", contract.getName(), field.name())
            .isEqualTo(written.get(field.name()));
      }
    }
  }

  private static Schema v1(String name) {
    SchemaHistory history = SchemaHistory.released(name);
    assertThat(history.versions()).startsWith("v1");
    return history.schemas().get(0);
  }

  /** Random but reproducible records of v1, with Java strings as the generated readers use. */
  private static List<GenericRecord> v1Records(String name) {
    List<GenericRecord> records = new ArrayList<>();
    new RandomData(GenericData.get(), v1(name), 25, 19L, false)
        .forEach(r -> records.add((GenericRecord) r));
    return records;
  }

  private static byte[] encode(Schema writer, GenericRecord record) throws IOException {
    ByteBuffer buffer =
        new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(record);
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /** The next version a compatible change would release: v1 plus a field with a default. */
  private static Schema withAddedField(Schema v1) {
    List<Schema.Field> fields = new ArrayList<>();
    v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    Schema text = Schema.create(Schema.Type.STRING);
    text.addProp(GenericData.STRING_PROP, "String");
    fields.add(new Schema.Field(ADDED, text, "A field a later version adds.", "later"));
    return Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
  }
}
