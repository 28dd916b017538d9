package io.vigie.devtools.faults;

import io.vigie.app.Pipeline;
import io.vigie.schema.Alert;
import io.vigie.schema.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Follows the enriched and alerts topics while faults are injected (read_committed, from the
 * beginning), so that a recovery can be timed: how long after a fault every post acknowledged
 * before it is on the enriched topic, and when each planted episode's alert appeared.
 */
final class OutputWatch implements AutoCloseable {

  /** An alert as it arrived, with the wall-clock time it was read. */
  record SeenAlert(Alert alert, long seenAtMillis) {}

  private final Set<String> enriched = ConcurrentHashMap.newKeySet();
  private final List<SeenAlert> alerts = new CopyOnWriteArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  OutputWatch(Map<String, Object> kafka, Pipeline.Naming naming) {
    threads.add(
        follow(
            kafka,
            naming.topics().enrichedPosts().name(),
            new ByteArrayDeserializer(),
            (key, value) -> enriched.add(key)));
    threads.add(
        follow(
            kafka,
            naming.topics().alerts().name(),
            naming.topics().alerts().valueSerde().deserializer(),
            (key, value) -> alerts.add(new SeenAlert(value, System.currentTimeMillis()))));
  }

  private interface Sink<V> {
    void accept(String key, V value);
  }

  private <V> Thread follow(
      Map<String, Object> kafka, String topic, Deserializer<V> values, Sink<V> sink) {
    KafkaConsumer<String, V> consumer =
        TopicReader.fromBeginning(kafka, topic, values, Duration.ofSeconds(60));
    Thread thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running.get()) {
                  consumer
                      .poll(Duration.ofMillis(100))
                      .forEach(r -> sink.accept(r.key(), r.value()));
                }
              }
            },
            "fault-watch-" + topic);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * Waits until every one of {@code keys} is on the enriched topic; the time from {@code
   * sinceNanos} (the fault) until then, or empty if some were still missing after {@code timeout}.
   */
  Optional<Duration> awaitEnriched(Collection<String> keys, long sinceNanos, Duration timeout)
      throws InterruptedException {
    long start = System.nanoTime();
    List<String> missing = new ArrayList<>(keys);
    while (true) {
      missing.removeIf(enriched::contains);
      if (missing.isEmpty()) {
        return Optional.of(Duration.ofNanos(System.nanoTime() - sinceNanos));
      }
      if (System.nanoTime() - start > timeout.toNanos()) {
        return Optional.empty();
      }
      Thread.sleep(100);
    }
  }

  List<SeenAlert> alerts() {
    return List.copyOf(alerts);
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(10_000);
    }
  }
}
