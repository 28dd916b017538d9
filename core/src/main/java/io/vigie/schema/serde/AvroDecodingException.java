package io.vigie.schema.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that could not be decoded as a Vigie record. It extends Kafka's {@link
 * SerializationException} so that Kafka's deserialization handlers see it as what it is; the {@link
 * Reason} tells callers what to write in the dead letter.
 */
public final class AvroDecodingException extends SerializationException {

  /** Why decoding failed. */
  public enum Reason {
    /** The bytes do not start with Avro's single-object marker (C3 01). */
    BAD_HEADER,
    /** The header names a schema fingerprint that no known version of the record has. */
    UNKNOWN_SCHEMA,
    /** The header is fine but the body does not decode with the writer's schema. */
    MALFORMED_BODY
  }

  private final Reason reason;
  private final String recordType;

  public AvroDecodingException(Reason reason, String recordType, String message, Throwable cause) {
    super(recordType + " (" + reason + "): " + message, cause);
    this.reason = reason;
    this.recordType = recordType;
  }

  public Reason reason() {
    return reason;
  }

  /** The simple name of the record type that was expected. */
  public String recordType() {
    return recordType;
  }
}
