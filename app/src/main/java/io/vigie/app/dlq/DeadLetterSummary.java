package io.vigie.app.dlq;

import io.vigie.schema.DeadLetter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** A dead-letter topic at a glance: how many letters of each stage and error class, in order. */
public final class DeadLetterSummary {

  private final List<ConsumerRecord<String, DeadLetter>> byFailureTime;
  private final Map<String, Integer> counts = new TreeMap<>();

  public DeadLetterSummary(List<ConsumerRecord<String, DeadLetter>> letters) {
    letters.forEach(
        r ->
            counts.merge(r.value().getStage() + "  " + r.value().getErrorClass(), 1, Integer::sum));
    byFailureTime = new ArrayList<>(letters);
    byFailureTime.sort(Comparator.comparing(r -> r.value().getFailedAt()));
  }

  public int total() {
    return byFailureTime.size();
  }

  /** Letters by stage and error class, keyed by both two spaces apart. */
  public Map<String, Integer> counts() {
    return counts;
  }

  /** The last {@code limit} letters to fail, oldest first. */
  public List<ConsumerRecord<String, DeadLetter>> latest(int limit) {
    int from = Math.max(0, byFailureTime.size() - limit);
    return byFailureTime.subList(from, byFailureTime.size());
  }
}
