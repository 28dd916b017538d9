package io.vigie.streams.errors;

import io.vigie.schema.DeadLetter;
import io.vigie.schema.serde.AvroSerde;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record that cannot be deserialized into a Vigie {@link DeadLetter} on the configured
 * dead-letter topic and lets the stream continue. Kafka Streams writes the dead letter in the same
 * transaction as the task's output and counts the skipped record in its {@code dropped-records}
 * task metric.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  /** Streams configuration key naming the dead-letter topic. */
  public static final String TOPIC_CONFIG = "vigie.dead-letter.topic";

  /** Streams configuration key naming the stage recorded in each dead letter. */
  public static final String STAGE_CONFIG = "vigie.dead-letter.stage";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
  private static final AvroSerde<DeadLetter> SERDE = AvroSerde.of(DeadLetter.class);

  private String topic;
  private String stage;

  @Override
  public void configure(Map<String, ?> configs) {
    Object configured = configs.get(TOPIC_CONFIG);
    if (configured == null || configured.toString().isBlank()) {
      throw new ConfigException(TOPIC_CONFIG, configured, "a dead-letter topic is required");
    }
    topic = configured.toString();
    Object configuredStage = configs.get(STAGE_CONFIG);
    stage = configuredStage == null ? "streams" : configuredStage.toString();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log.warn(
        "Dead-lettering undecodable record {}-{}@{}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        exception.getMessage());
    DeadLetter letter =
        DeadLetters.fromKafka(
            stage,
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            DeadLetters.errorClass(exception),
            DeadLetters.describe(exception),
            Instant.now());
    return Response.resume(
        List.of(new ProducerRecord<>(topic, record.key(), SERDE.encode(letter))));
  }
}
