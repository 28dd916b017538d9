package io.vigie.schema.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro's single-object encoding: every message
 * carries the 64-bit fingerprint of its writer schema, so no schema registry is needed and a reader
 * decodes any version it knows from its {@link SchemaHistory} (by default every released version,
 * so records written by an older release stay readable after a compatible change). Null maps to
 * null both ways (tombstones). Undecodable bytes raise {@link AvroDecodingException}. Instances are
 * immutable and thread-safe (the Avro encoder and decoder keep per-thread buffers).
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private final String recordType;
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, SchemaHistory history) {
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.recordType = schema.getName();
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = decoder(model, schema, history);
  }

  /**
   * A decoder into {@code reader} that also resolves messages written with any version of {@code
   * history}: the writer is picked by the fingerprint the message carries, and Avro's resolution
   * fills fields the writer lacked with their defaults and skips those the reader dropped.
   */
  static <D> BinaryMessageDecoder<D> decoder(
      GenericData model, Schema reader, SchemaHistory history) {
    BinaryMessageDecoder<D> decoder = new BinaryMessageDecoder<>(model, reader);
    history.schemas().forEach(decoder::addSchema);
    return decoder;
  }

  /** A serde that reads the current schema and every released older version. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    String name = SpecificData.getForClass(type).getSchema(type).getName();
    return new AvroSerde<>(type, SchemaHistory.released(name));
  }

  /** A serde that reads the current schema and the given older versions. */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type, SchemaHistory history) {
    return new AvroSerde<>(type, Objects.requireNonNull(history));
  }

  public Schema schema() {
    return schema;
  }

  /** Encodes {@code record}; unlike {@link #serialize(String, Object)}, null is refused. */
  public byte[] encode(T record) {
    Objects.requireNonNull(record, "record");
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException | AvroRuntimeException | NullPointerException e) {
      // A required field left null surfaces as an NPE inside Avro's writer.
      throw new SerializationException("Cannot encode " + recordType + ": " + e.getMessage(), e);
    }
  }

  /** Decodes bytes written by any known version of the schema. */
  public T decode(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.UNKNOWN_SCHEMA, recordType, e.getMessage(), e);
    } catch (BadHeaderException e) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.BAD_HEADER, recordType, e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new AvroDecodingException(
          AvroDecodingException.Reason.MALFORMED_BODY, recordType, "body does not decode: " + e, e);
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : encode(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    return data == null ? null : decode(data);
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // Everything is fixed at construction: the record type and its schema history.
  }

  @Override
  public void close() {
    // Stateless apart from thread-local buffers: nothing to release, and safe to share.
  }

  @Override
  public String toString() {
    return "AvroSerde[" + recordType + "]";
  }
}
