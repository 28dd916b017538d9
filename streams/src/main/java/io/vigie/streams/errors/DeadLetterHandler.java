package io.vigie.streams.errors;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.core.deadletter.DeadLetters;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.serde.AvroSerde;
import io.vigie.streams.StageMeters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessorStateException;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a record that cannot be deserialized, whose processing throws, or whose output cannot be
 * serialized or is refused for good by the broker (too large, invalid), into a Vigie {@link
 * DeadLetter} on the configured dead-letter topic, carrying the source record's original bytes, and
 * lets the stream continue. Kafka Streams writes the dead letter in the same transaction as the
 * task's output and counts the skipped record in its {@code dropped-records} task metric. A
 * retriable production error is retried; any other production error (authorization, a fenced
 * producer) stops the application: skipping it would lose every record that follows. So does a
 * processing error that comes from a state store or the disk rather than from the record.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler,
        ProcessingExceptionHandler,
        ProductionExceptionHandler {

  /** Help text of the dead-letter counter, shared by every stage that writes dead letters. */
  public static final String DESCRIPTION =
      "Records written to a dead-letter topic, by stage and error class";

  /** Streams configuration key naming the dead-letter topic. */
  public static final String TOPIC_CONFIG = "vigie.dead-letter.topic";

  /** Streams configuration key naming the stage recorded in each dead letter. */
  public static final String STAGE_CONFIG = "vigie.dead-letter.stage";

  /**
   * Streams configuration key holding the {@link MeterRegistry} (the object itself) that counts
   * dead letters: Kafka Streams makes the handler from its class name, so the registry comes
   * through the configuration, like the topic.
   */
  public static final String METER_REGISTRY_CONFIG = "vigie.dead-letter.meter-registry";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
  private static final AvroSerde<DeadLetter> SERDE = AvroSerde.of(DeadLetter.class);

  private String topic;
  private String stage;
  private StageMeters meters;

  @Override
  public void configure(Map<String, ?> configs) {
    Object configured = configs.get(TOPIC_CONFIG);
    if (configured == null || configured.toString().isBlank()) {
      throw new ConfigException(TOPIC_CONFIG, configured, "a dead-letter topic is required");
    }
    topic = configured.toString();
    Object configuredStage = configs.get(STAGE_CONFIG);
    stage = configuredStage == null ? "streams" : configuredStage.toString();
    if (!(configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry registry)) {
      throw new ConfigException(
          METER_REGISTRY_CONFIG,
          configs.get(METER_REGISTRY_CONFIG),
          "a meter registry is required to count dead letters");
    }
    meters = new StageMeters(registry);
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    return DeserializationExceptionHandler.Response.resume(
        List.of(deadLetter(context, record.key(), record.value(), exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (isInfrastructure(exception)) {
      // A state store that cannot be written (a full disk, a broken RocksDB) is not this record's
      // fault: dead-lettering would drop every record that follows it, as a fault-injection run
      // filling the state disk showed. Failing aborts the transaction, so nothing is lost.
      log.error(
          "State store failure at {}-{}@{}; stopping: {}",
          context.topic(),
          context.partition(),
          context.offset(),
          exception.toString());
      return ProcessingExceptionHandler.Response.fail();
    }
    return ProcessingExceptionHandler.Response.resume(
        List.of(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)));
  }

  @Override
  public ProductionExceptionHandler.Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return ProductionExceptionHandler.Response.retry();
    }
    if (exception instanceof RecordTooLargeException
        || exception instanceof InvalidRecordException
        || exception instanceof InvalidTimestampException) {
      return ProductionExceptionHandler.Response.resume(
          List.of(
              deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)));
    }
    return ProductionExceptionHandler.Response.fail();
  }

  @Override
  public ProductionExceptionHandler.Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return ProductionExceptionHandler.Response.resume(
        List.of(deadLetter(context, context.sourceRawKey(), context.sourceRawValue(), exception)));
  }

  /** Whether {@code exception} comes from the machine (state stores, disk), not from the record. */
  static boolean isInfrastructure(Throwable exception) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof ProcessorStateException
          || t instanceof IOException
          || t instanceof UncheckedIOException
          || t.getClass().getName().equals("org.rocksdb.RocksDBException")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private ProducerRecord<byte[], byte[]> deadLetter(
      ErrorHandlerContext context, byte[] key, byte[] value, Exception exception) {
    log.warn(
        "Dead-lettering record {}-{}@{} at {}: {}",
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        exception.toString());
    meters
        .counter(
            "vigie.streams.dead-letters",
            DESCRIPTION,
            "stage",
            stage,
            "error_class",
            DeadLetters.errorClass(exception))
        .increment();
    DeadLetter letter =
        DeadLetters.fromKafka(
            stage,
            context.topic(),
            context.partition(),
            context.offset(),
            key,
            value,
            DeadLetters.errorClass(exception),
            DeadLetters.describe(exception),
            Instant.now());
    return new ProducerRecord<>(topic, key, SERDE.encode(letter));
  }
}
