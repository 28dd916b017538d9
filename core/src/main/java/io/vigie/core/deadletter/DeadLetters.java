package io.vigie.core.deadletter;

import io.vigie.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

/** Builds Vigie's one dead-letter record from whatever failed. */
public final class DeadLetters {

  private DeadLetters() {}

  /** A dead letter for a record read from Kafka. */
  public static DeadLetter fromKafka(
      String stage,
      String topic,
      int partition,
      long offset,
      byte[] key,
      byte[] value,
      String errorClass,
      String message,
      Instant failedAt) {
    return DeadLetter.newBuilder()
        .setStage(stage)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setErrorClass(errorClass)
        .setErrorMessage(message == null ? "" : message)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setFailedAt(failedAt)
        .setAttributes(Map.of())
        .build();
  }

  /** The exception's simple class name; {@link #describe} adds the causes. */
  public static String errorClass(Throwable error) {
    return error.getClass().getSimpleName();
  }

  /** A message that says what went wrong even when the exception has none. */
  public static String describe(Throwable error) {
    StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
    for (Throwable cause = error.getCause();
        cause != null && cause != error;
        cause = cause.getCause()) {
      text.append(" <- ")
          .append(cause.getClass().getSimpleName())
          .append(": ")
          .append(cause.getMessage());
    }
    return text.toString();
  }
}
