package io.vigie.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsSettingsTest {

  private static final String COMPRESSION = StreamsConfig.producerPrefix("compression.type");
  private static final String BATCH_SIZE = StreamsConfig.producerPrefix("batch.size");

  @Test
  void theApplicationsRecordsAreCompressedWithLz4() {
    assertThat(settings(Map.of()).toProperties().get(COMPRESSION)).isEqualTo("lz4");
  }

  @Test
  void theApplicationsProducersBatchUpTo64Kilobytes() {
    assertThat(settings(Map.of()).toProperties().get(BATCH_SIZE)).isEqualTo(65_536);
  }

  @Test
  void anOperatorsBatchSizeWins() {
    assertThat(settings(Map.of(BATCH_SIZE, 16_384)).toProperties().get(BATCH_SIZE))
        .isEqualTo(16_384);
  }

  @Test
  void anOperatorsCompressionWins() {
    assertThat(settings(Map.of(COMPRESSION, "zstd")).toProperties().get(COMPRESSION))
        .isEqualTo("zstd");
  }

  private static StreamsSettings settings(Map<String, Object> kafka) {
    return new StreamsSettings("app", Path.of("/tmp/x"), "exactly_once_v2", 1, 0, kafka);
  }
}
