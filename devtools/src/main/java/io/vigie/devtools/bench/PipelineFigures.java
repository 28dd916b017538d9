package io.vigie.devtools.bench;

import io.vigie.app.config.VigieConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What one pipeline benchmark run measured, and its table. */
public final class PipelineFigures {
  int posts;
  int documents;
  int partitions;
  double producerTool;
  double consumerTool;
  double passThrough;
  double kafkaSide;
  final Map<Integer, Double> scaleOut = new TreeMap<>();
  StreamThreadTime threadTime;
  double rawBulk;
  double endToEnd;
  int liveRate;
  LiveLoad.Result live;

  /** The live phase: latencies, memory and lag samples. */
  public LiveLoad.Result live() {
    return live;
  }

  public String table(VigieConfig config, Duration liveFor) {
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "| throughput (%,d generated posts, %d partitions, %s, stream threads: %d) | posts/s | vs. baseline | target |%n"
                + "|---|---:|---:|---|%n",
            posts,
            partitions,
            config.string(VigieConfig.STREAMS_GUARANTEE),
            config.integer(VigieConfig.STREAMS_THREADS)));
    row(
        t,
        "Kafka `ProducerPerformance` (same record size, Vigie's producer settings)",
        producerTool,
        "",
        "baseline");
    row(t, "Kafka `ConsumerPerformance` (fetch rate)", consumerTool, "", "baseline");
    row(
        t,
        "pass-through topology (one hop, exactly-once, a state write)",
        passThrough,
        "",
        "baseline");
    row(
        t,
        "raw `BulkIngester` (the run's "
            + String.format(Locale.ROOT, "%,d", documents)
            + " enriched posts, indexer's bulk settings)",
        rawBulk,
        "",
        "baseline");
    row(
        t,
        "**Vigie, Kafka side**: raw → dedup → enrichment → detection → incidents",
        kafkaSide,
        pct(kafkaSide, passThrough) + " of pass-through",
        ">= 6,000 posts/s and >= 50% of pass-through: "
            + (kafkaSide >= 6000 && kafkaSide >= passThrough / 2 ? "met" : "**missed**"));
    row(
        t,
        "**Vigie, end to end** with the indexer (posts, signals, alerts)",
        endToEnd,
        pct(endToEnd, rawBulk) + " of raw bulk",
        ">= 60% of raw bulk: " + (endToEnd >= 0.6 * rawBulk ? "met" : "**missed**"));
    if (threadTime != null) {
      t.append(threadTime.table(kafkaSide));
    }
    t.append(scaleOutTable());
    t.append(
        String.format(
            Locale.ROOT,
            "%n| latency at %,d posts/s (half the end-to-end rate) for %s | p50 | p99 | samples | target |%n"
                + "|---|---:|---:|---:|---|%n",
            liveRate,
            liveFor));
    t.append(live.latencyRows());
    t.append(
        String.format(
            Locale.ROOT,
            "%nPosts published live: %,d (%,.0f/s achieved). Planted episodes: %d, alerted: %d.%n",
            live.published(),
            live.achievedRate(),
            live.planted(),
            live.alerted()));
    t.append("\n").append(live.memoryTable());
    return t.toString();
  }

  /** The Kafka side in 1, 2, ... processes, each against one; empty when not measured. */
  String scaleOutTable() {
    if (scaleOut.isEmpty()) {
      return "";
    }
    StringBuilder t = new StringBuilder();
    t.append(
        "\n| scale-out: the Kafka side in `vigie streams` processes (launcher's default JVM) | posts/s | vs. one process |\n"
            + "|---|---:|---:|\n");
    double one = scaleOut.getOrDefault(1, Double.NaN);
    scaleOut.forEach(
        (instances, rate) ->
            t.append(
                String.format(
                    Locale.ROOT,
                    "| %d process%s | %,.0f | %s |%n",
                    instances,
                    instances == 1 ? "" : "es",
                    rate,
                    Double.isNaN(one) ? "" : String.format(Locale.ROOT, "%.2f×", rate / one))));
    return t.toString();
  }

  private static void row(StringBuilder t, String what, double rate, String ratio, String target) {
    t.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %s |%n", what, rate, ratio, target));
  }

  private static String pct(double value, double of) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * value / of);
  }
}
