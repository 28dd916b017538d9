package io.vigie.streams.errors;

import static org.assertj.core.api.Assertions.assertThat;

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

class DeadLetterDeserializationHandlerTest {

  @Test
  void shouldResumeWithDeadLetterCarryingOriginalBytesAndReason() {
    DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
    handler.configure(
        Map.of(
            DeadLetterDeserializationHandler.TOPIC_CONFIG,
            "vigie.dead-letters.streams",
            DeadLetterDeserializationHandler.STAGE_CONFIG,
            "streams"));
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

  private static final class Context implements ErrorHandlerContext {
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
      return null;
    }
  }
}
