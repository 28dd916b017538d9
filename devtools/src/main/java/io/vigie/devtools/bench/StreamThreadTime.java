package io.vigie.devtools.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.TopologyDescription;

/**
 * Where a Streams application's stream threads spend their time, by sub-topology, from Kafka
 * Streams' own INFO-level metrics sampled while a run lasts: each thread's {@code process-ratio},
 * {@code commit-ratio}, {@code poll-ratio} and {@code punctuate-ratio}, and each task's {@code
 * active-process-ratio} (its share of the thread's processing time). A sub-topology's share of the
 * thread is the thread's processing ratio times the summed shares of its tasks.
 *
 * <p>Dividing the run's rate by a sub-topology's share gives the posts per second its processing
 * alone would take one thread to: for a sub-topology of one partition (clustering, incident
 * assembly), the ceiling no number of instances raises. Kafka Streams averages each ratio over its
 * loop iterations rather than over time, and over a window (30 s samples) that can reach back
 * before the run: read the shares as approximate, and as shares of wall time, not CPU.
 */
public final class StreamThreadTime {

  private static final String THREAD_GROUP = "stream-thread-metrics";
  private static final String TASK_GROUP = "stream-task-metrics";
  private static final List<String> PHASES = List.of("commit", "poll", "punctuate");

  private final Map<Integer, String> subtopologyInputs = new TreeMap<>();
  private final Map<Integer, Double> subtopologySums = new TreeMap<>();
  private final Map<Integer, TreeSet<String>> subtopologyTasks = new TreeMap<>();
  private final Map<String, Double> phaseSums = new TreeMap<>();
  private int samples;

  public StreamThreadTime(TopologyDescription description) {
    for (TopologyDescription.Subtopology subtopology : description.subtopologies()) {
      TreeSet<String> topics = new TreeSet<>();
      for (TopologyDescription.Node node : subtopology.nodes()) {
        if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
          topics.addAll(source.topicSet());
        }
      }
      subtopologyInputs.put(subtopology.id(), String.join(", ", topics));
    }
  }

  /**
   * Adds one reading of {@code metrics} (a {@code KafkaStreams#metrics()}); a reading taken before
   * any thread processed anything is left out.
   */
  public void sample(Map<MetricName, ? extends Metric> metrics) {
    double process = 0;
    Map<String, Double> phases = new TreeMap<>();
    Map<String, Double> tasks = new TreeMap<>();
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.entrySet()) {
      MetricName name = entry.getKey();
      double value = value(entry.getValue());
      if (Double.isNaN(value)) {
        continue;
      }
      if (name.group().equals(THREAD_GROUP)) {
        if (name.name().equals("process-ratio")) {
          process += value;
        }
        for (String phase : PHASES) {
          if (name.name().equals(phase + "-ratio")) {
            phases.merge(phase, value, Double::sum);
          }
        }
      } else if (name.group().equals(TASK_GROUP)
          && name.name().equals("active-process-ratio")
          && name.tags().containsKey("task-id")) {
        tasks.put(name.tags().get("task-id"), value);
      }
    }
    if (process <= 0 || tasks.isEmpty()) {
      return;
    }
    samples++;
    phases.forEach((phase, value) -> phaseSums.merge(phase, value, Double::sum));
    for (Map.Entry<String, Double> task : tasks.entrySet()) {
      int subtopology = subtopologyOf(task.getKey());
      subtopologySums.merge(subtopology, process * task.getValue(), Double::sum);
      subtopologyTasks.computeIfAbsent(subtopology, k -> new TreeSet<>()).add(task.getKey());
    }
  }

  private static double value(Metric metric) {
    return metric.metricValue() instanceof Number number ? number.doubleValue() : Double.NaN;
  }

  private static int subtopologyOf(String taskId) {
    int underscore = taskId.indexOf('_');
    return Integer.parseInt(underscore < 0 ? taskId : taskId.substring(0, underscore));
  }

  /** Readings kept so far. */
  public int samples() {
    return samples;
  }

  /** A sub-topology's average share of its thread's time, 0 to 1; 0 when never seen. */
  public double share(int subtopology) {
    return samples == 0 ? 0 : subtopologySums.getOrDefault(subtopology, 0.0) / samples;
  }

  /**
   * The table: each sub-topology with what it reads, its tasks, its share of the thread's time and
   * {@code rate} divided by that share; then the thread's commits, polls and punctuators.
   */
  public String table(double rate) {
    if (samples == 0) {
      return "";
    }
    StringBuilder t = new StringBuilder();
    t.append(
        String.format(
            Locale.ROOT,
            "%n| where the stream thread's time went at %,.0f posts/s (%d readings) | tasks | share of"
                + " the thread | posts/s at that cost alone on one thread |%n"
                + "|---|---:|---:|---:|%n",
            rate,
            samples));
    for (int id : subtopologySums.keySet()) {
      double share = share(id);
      t.append(
          String.format(
              Locale.ROOT,
              "| sub-topology %d (reads %s) | %d | %.0f%% | %s |%n",
              id,
              subtopologyInputs.getOrDefault(id, "?"),
              subtopologyTasks.get(id).size(),
              100 * share,
              share > 0 ? String.format(Locale.ROOT, "%,.0f", rate / share) : ""));
    }
    for (String phase : PHASES) {
      t.append(
          String.format(
              Locale.ROOT,
              "| %s |  | %.0f%% |  |%n",
              switch (phase) {
                case "commit" -> "commits (flushes, transactions)";
                case "poll" -> "polls (fetching, waiting for input)";
                default -> "punctuators";
              },
              100 * phaseSums.getOrDefault(phase, 0.0) / samples));
    }
    return t.toString();
  }
}
