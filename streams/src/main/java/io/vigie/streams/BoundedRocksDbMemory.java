package io.vigie.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process by one budget: block cache,
 * index and filter blocks and memtables all come out of one shared LRU cache, as Kafka Streams'
 * memory-management guide recommends. Without it each store (and each of a window store's segments)
 * gets its own 50 MB block cache and three 16 MB memtables, so memory grows with partitions and
 * stores rather than with what the operator allows.
 *
 * <p>The budget comes from {@value #MEMORY_BYTES_CONFIG} in the Streams configuration; a quarter of
 * it may be memtables. The cache is created by the first store opened in the process and shared by
 * all the others, and by every Kafka Streams instance of the process.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

  /** The process-wide budget, in bytes. */
  public static final String MEMORY_BYTES_CONFIG = "vigie.rocksdb.memory.bytes";

  public static final long DEFAULT_MEMORY_BYTES = 256L * 1024 * 1024;

  /** Index and filter blocks get this share of the cache, at high priority, so they stay. */
  private static final double INDEX_FILTER_SHARE = 0.1;

  private static final long BLOCK_SIZE = 16 * 1024;
  private static final int MEMTABLES_PER_STORE = 2;

  private static Cache cache;
  private static WriteBufferManager writeBuffers;
  private static long budget;

  @Override
  public void setConfig(String storeName, Options options, Map<String, Object> configs) {
    Shared shared = shared(memoryBytes(configs));
    BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
    table.setBlockCache(shared.cache());
    table.setCacheIndexAndFilterBlocks(true);
    table.setCacheIndexAndFilterBlocksWithHighPriority(true);
    table.setPinTopLevelIndexAndFilter(true);
    table.setBlockSize(BLOCK_SIZE);
    options.setTableFormatConfig(table);
    options.setWriteBufferManager(shared.writeBuffers());
    options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
    options.setWriteBufferSize(Math.max(1 << 20, shared.budget() / 4 / 8));
  }

  @Override
  public void close(String storeName, Options options) {
    // The cache and the write-buffer manager are shared by every store: never closed here.
  }

  /** The budget in force in this process, or 0 before any store opened. */
  public static synchronized long budget() {
    return budget;
  }

  private record Shared(Cache cache, WriteBufferManager writeBuffers, long budget) {}

  private static synchronized Shared shared(long bytes) {
    if (cache == null) {
      budget = bytes;
      cache = new LRUCache(bytes, -1, false, INDEX_FILTER_SHARE);
      writeBuffers = new WriteBufferManager(bytes / 4, cache);
    }
    return new Shared(cache, writeBuffers, budget);
  }

  static long memoryBytes(Map<String, Object> configs) {
    Object value = configs.get(MEMORY_BYTES_CONFIG);
    if (value == null) {
      return DEFAULT_MEMORY_BYTES;
    }
    long bytes =
        value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    if (bytes < 16L * 1024 * 1024) {
      throw new IllegalArgumentException(
          MEMORY_BYTES_CONFIG + " must be at least 16 MiB, got " + bytes);
    }
    return bytes;
  }
}
