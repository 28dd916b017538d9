package io.vigie.devtools.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Peaks of what this process holds while detection runs in it, sampled: resident set size and heap
 * used ({@link #sample}, from any thread), and the RocksDB block cache's use ({@link
 * #storeMemory}).
 */
final class StateMemoryPeaks {

  final AtomicLong rss = new AtomicLong();
  final AtomicLong heap = new AtomicLong();
  final AtomicLong cache = new AtomicLong();

  void sample() {
    rss.accumulateAndGet(residentSetSize(), Math::max);
    heap.accumulateAndGet(
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
  }

  /** The shared block cache's use, as every store reports it (the same cache: the max). */
  void storeMemory(KafkaStreams streams) {
    for (Metric metric : streams.metrics().values()) {
      if (metric.metricName().name().equals("block-cache-usage")
          && metric.metricValue() instanceof Number value) {
        cache.accumulateAndGet(value.longValue(), Math::max);
      }
    }
  }

  /** VmRSS from /proc (Linux), in bytes; 0 where there is none. */
  static long residentSetSize() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
