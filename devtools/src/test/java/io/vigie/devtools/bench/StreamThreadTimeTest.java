package io.vigie.devtools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.junit.jupiter.api.Test;

class StreamThreadTimeTest {

  /** Two sub-topologies: 0 reads "posts" (two tasks), 1 the repartition (one task). */
  private static TopologyDescription twoSubtopologies() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("posts", Consumed.with(Serdes.String(), Serdes.String()))
        .repartition(Repartitioned.<String, String>as("by-text").withNumberOfPartitions(1))
        .to("out");
    return builder.build().describe();
  }

  private static Metric metric(MetricName name, Object value) {
    return new Metric() {
      @Override
      public MetricName metricName() {
        return name;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    };
  }

  private static Map<MetricName, Metric> reading(
      double process, double commit, double poll, Map<String, Double> tasks) {
    Map<MetricName, Metric> metrics = new HashMap<>();
    Map<String, String> thread = Map.of("thread-id", "app-StreamThread-1");
    for (var ratio : Map.of("process", process, "commit", commit, "poll", poll).entrySet()) {
      MetricName name =
          new MetricName(ratio.getKey() + "-ratio", "stream-thread-metrics", "", thread);
      metrics.put(name, metric(name, ratio.getValue()));
    }
    tasks.forEach(
        (task, share) -> {
          MetricName name =
              new MetricName(
                  "active-process-ratio",
                  "stream-task-metrics",
                  "",
                  Map.of("thread-id", "app-StreamThread-1", "task-id", task));
          metrics.put(name, metric(name, share));
        });
    MetricName unrelated = new MetricName("process-ratio", "consumer-metrics", "", Map.of());
    metrics.put(unrelated, metric(unrelated, 0.99));
    return metrics;
  }

  @Test
  void aSubtopologysShareIsTheThreadsProcessingTimesItsTasksShares() {
    StreamThreadTime time = new StreamThreadTime(twoSubtopologies());

    time.sample(reading(0.8, 0.2, 0.05, Map.of("0_0", 0.3, "0_1", 0.3, "1_0", 0.4)));
    time.sample(reading(0.6, 0.3, 0.1, Map.of("0_0", 0.25, "0_1", 0.25, "1_0", 0.5)));

    assertThat(time.samples()).isEqualTo(2);
    assertThat(time.share(0)).isCloseTo((0.8 * 0.6 + 0.6 * 0.5) / 2, within(1e-9));
    assertThat(time.share(1)).isCloseTo((0.8 * 0.4 + 0.6 * 0.5) / 2, within(1e-9));
    String table = time.table(1000);
    assertThat(table)
        .contains("| sub-topology 0 (reads posts) | 2 | 39% | 2,564 |")
        .contains("| sub-topology 1 (reads by-text-repartition) | 1 | 31% | 3,226 |")
        .contains("| commits (flushes, transactions) |  | 25% |  |");
  }

  @Test
  void readingsBeforeAnyProcessingAreLeftOut() {
    StreamThreadTime time = new StreamThreadTime(twoSubtopologies());

    time.sample(reading(Double.NaN, 0, 1, Map.of()));
    time.sample(reading(0, 0, 1, Map.of("0_0", Double.NaN)));

    assertThat(time.samples()).isZero();
    assertThat(time.table(1000)).isEmpty();
  }
}
