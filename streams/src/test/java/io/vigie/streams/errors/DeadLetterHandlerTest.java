package io.vigie.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.Post;
import io.vigie.schema.serde.AvroDecodingException;
import io.vigie.schema.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Response;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class DeadLetterHandlerTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @Test
  void shouldResumeWithDeadLetterCarryingOriginalBytesAndReason() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(
        Map.of(
            DeadLetterHandler.TOPIC_CONFIG,
            "vigie.dead-letters.streams",
            DeadLetterHandler.STAGE_CONFIG,
            "streams",
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            meters));
    byte[] key = "webhook:7".getBytes(StandardCharsets.UTF_8);
    byte[] value = "{not avro".getBytes(StandardCharsets.UTF_8);
    ConsumerRecord<byte[], byte[]> record =
        new ConsumerRecord<>("vigie.posts.raw", 2, 41L, key, value);
    Exception error;
    try {
      AvroSerde.of(Post.class).decode(value);
      throw new AssertionError("garbage decoded");
    } catch (AvroDecodingException e) {
      error = e;
    }

    Response response = handler.handleError(new Context(), record, error);

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
    assertThat(out.topic()).isEqualTo("vigie.dead-letters.streams");
    assertThat(out.key()).isEqualTo(key);
    DeadLetter letter = AvroSerde.of(DeadLetter.class).decode(out.value());
    assertThat(letter.getSourceTopic()).isEqualTo("vigie.posts.raw");
    assertThat(letter.getSourcePartition()).isEqualTo(2);
    assertThat(letter.getSourceOffset()).isEqualTo(41L);
    assertThat(letter.getErrorClass()).isEqualTo("AvroDecodingException");
    assertThat(letter.getErrorMessage()).contains("BAD_HEADER");
    assertThat(letter.getOriginalValue().array()).isEqualTo(value);
  }

  @Test
  void shouldDeadLetterOutputTheBrokerRefusesForGoodRetryTransientErrorsAndStopOnOthers() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(
        Map.of(
            DeadLetterHandler.TOPIC_CONFIG,
            "vigie.dead-letters.streams",
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            meters));
    ProducerRecord<byte[], byte[]> output =
        new ProducerRecord<>("vigie.posts.unique", new byte[] {1}, new byte[] {2});

    var tooLarge =
        handler.handleError(
            new Context(),
            output,
            new org.apache.kafka.common.errors.RecordTooLargeException("2 MB"));
    var transient_ =
        handler.handleError(
            new Context(),
            output,
            new org.apache.kafka.common.errors.NotEnoughReplicasException("1 of 3"));
    var denied =
        handler.handleError(
            new Context(),
            output,
            new org.apache.kafka.common.errors.TopicAuthorizationException("denied"));

    assertThat(tooLarge.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.RESUME);
    assertThat(tooLarge.deadLetterQueueRecords())
        .singleElement()
        .satisfies(
            r ->
                assertThat(AvroSerde.of(DeadLetter.class).decode(r.value()).getErrorClass())
                    .isEqualTo("RecordTooLargeException"));
    assertThat(transient_.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.RETRY);
    assertThat(denied.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProductionExceptionHandler.Result.FAIL);
  }

  @Test
  void shouldDeadLetterProcessingFailureWithTheSourceRecordBytes() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(
        Map.of(
            DeadLetterHandler.TOPIC_CONFIG,
            "vigie.dead-letters.streams",
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            meters));

    org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response response =
        handler.handleError(
            new Context(),
            new org.apache.kafka.streams.processor.api.Record<>("k", "v", 0L),
            new IllegalStateException("boom in enrichment"));

    assertThat(response.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result.RESUME);
    DeadLetter letter =
        AvroSerde.of(DeadLetter.class).decode(response.deadLetterQueueRecords().get(0).value());
    assertThat(letter.getErrorClass()).isEqualTo("IllegalStateException");
    assertThat(letter.getErrorMessage()).isEqualTo("boom in enrichment");
    assertThat(letter.getStage()).isEqualTo("streams");
    assertThat(letter.getOriginalValue().array()).isEqualTo(Context.RAW_VALUE);
  }

  @Test
  void shouldStopInsteadOfDeadLetteringWhenAStateStoreCannotBeWritten() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(
        Map.of(
            DeadLetterHandler.TOPIC_CONFIG,
            "vigie.dead-letters.streams",
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            meters));

    org.apache.kafka.streams.errors.ProcessingExceptionHandler.Response response =
        handler.handleError(
            new Context(),
            new org.apache.kafka.streams.processor.api.Record<>("k", "v", 0L),
            new org.apache.kafka.streams.errors.ProcessorStateException(
                "Error while putting key/value into store detect-subjects",
                new RuntimeException("IO error: No space left on device")));

    assertThat(response.result())
        .isEqualTo(org.apache.kafka.streams.errors.ProcessingExceptionHandler.Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(
            DeadLetterHandler.isInfrastructure(
                new IllegalStateException(
                    "wrapped", new java.io.UncheckedIOException(new java.io.IOException("disk")))))
        .isTrue();
    assertThat(DeadLetterHandler.isInfrastructure(new IllegalArgumentException("bad post")))
        .isFalse();
  }

  @Test
  void shouldRefuseToStartWithoutDeadLetterTopic() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new DeadLetterHandler().configure(Map.of()))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(DeadLetterHandler.TOPIC_CONFIG);
  }

  @Test
  void shouldCountEachDeadLetterByStageAndErrorClassInTheRegistryItIsGiven() {
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(
        Map.of(
            DeadLetterHandler.TOPIC_CONFIG,
            "vigie.dead-letters.streams",
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            meters));

    handler.handleError(
        new Context(),
        new org.apache.kafka.streams.processor.api.Record<>("k", "v", 0L),
        new IllegalStateException("boom in enrichment"));

    assertThat(
            meters
                .get("vigie.streams.dead-letters")
                .tags("stage", "streams", "error_class", "IllegalStateException")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void shouldRefuseToStartWithoutAMeterRegistryToCountDeadLettersIn() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                new DeadLetterHandler()
                    .configure(
                        Map.of(DeadLetterHandler.TOPIC_CONFIG, "vigie.dead-letters.streams")))
        .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
        .hasMessageContaining(DeadLetterHandler.METER_REGISTRY_CONFIG);
  }

  private static final class Context implements ErrorHandlerContext {
    static final byte[] RAW_VALUE = {(byte) 0xC3, 0x01, 9, 9};

    public String topic() {
      return "vigie.posts.raw";
    }

    public int partition() {
      return 2;
    }

    public long offset() {
      return 41L;
    }

    public Headers headers() {
      return new RecordHeaders();
    }

    public String processorNodeId() {
      return "raw-posts";
    }

    public TaskId taskId() {
      return new TaskId(0, 2);
    }

    public long timestamp() {
      return 0L;
    }

    public byte[] sourceRawKey() {
      return null;
    }

    public byte[] sourceRawValue() {
      return RAW_VALUE;
    }
  }
}
