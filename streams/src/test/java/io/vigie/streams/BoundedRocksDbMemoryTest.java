package io.vigie.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {

  static {
    RocksDB.loadLibrary();
  }

  @Test
  void everyStoreGetsBoundedMemtablesFromTheSharedBudget() {
    try (Options options = new Options()) {
      options.setTableFormatConfig(new BlockBasedTableConfig());

      new BoundedRocksDbMemory()
          .setConfig(
              "detect-subjects",
              options,
              Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, 64L * 1024 * 1024));

      assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
      assertThat(options.writeBufferSize()).isLessThanOrEqualTo(BoundedRocksDbMemory.budget() / 4);
      assertThat(BoundedRocksDbMemory.budget()).isPositive();
    }
  }

  @Test
  void theBudgetIsReadFromTheStreamsConfigurationInAnyForm() {
    assertThat(BoundedRocksDbMemory.memoryBytes(Map.of())).isEqualTo(256L * 1024 * 1024);
    assertThat(
            BoundedRocksDbMemory.memoryBytes(
                Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, "134217728")))
        .isEqualTo(128L * 1024 * 1024);
  }

  @Test
  void aBudgetTooSmallForAnyStoreIsRefusedWithItsKey() {
    assertThatThrownBy(
            () ->
                BoundedRocksDbMemory.memoryBytes(
                    Map.of(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, 1024)))
        .hasMessageContaining(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG);
  }

  @Test
  void vigieStreamsApplicationsUseIt() {
    StreamsSettings settings =
        new StreamsSettings(
            "app", java.nio.file.Path.of("/tmp/x"), "exactly_once_v2", 1, 0, Map.of());

    assertThat(settings.toProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
        .isEqualTo(BoundedRocksDbMemory.class);
  }
}
