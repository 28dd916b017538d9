package io.vigie.alerts.actions;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.SignalKind;
import io.vigie.schema.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current state of every alert, so that the alert API can tell an action that will count from
 * one that would be ignored: the latest version of each alert on the alerts topic (an older version
 * read late changes nothing). {@link #follow} reads the topic from its beginning, committed records
 * only, on a thread of its own, without a consumer group, as the console does; until it has read
 * what the topic held when it started, it is not {@link #ready()}. Lags the topic by a poll (under
 * a second) once caught up.
 */
public final class IncidentStates implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IncidentStates.class);

  /** What the API needs of an alert's latest version. */
  public record State(
      String id, int version, AlertStatus status, SignalKind kind, Instant updatedAt) {

    /** Resolved, by detection or a person, or marked a false positive. */
    public boolean ended() {
      return status == AlertStatus.RESOLVED || status == AlertStatus.FALSE_POSITIVE;
    }
  }

  private final Map<String, State> latest = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private volatile boolean ready;
  private volatile KafkaConsumer<String, byte[]> consumer;
  private volatile Deserializer<Alert> decoder;
  private volatile Thread thread;

  private IncidentStates() {}

  /**
   * A table fed by {@link #record} only, ready at once: for callers that read alerts themselves.
   */
  public static IncidentStates fedByHand() {
    IncidentStates states = new IncidentStates();
    states.ready = true;
    return states;
  }

  /** Follows {@code alerts} with the given Kafka client settings until closed. */
  public static IncidentStates follow(Map<String, Object> kafka, Topic<String, Alert> alerts) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned, not subscribed: no group to commit to
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    IncidentStates states = new IncidentStates();
    // Values are decoded one by one, so that one record this build cannot read (a newer schema
    // during a rolling upgrade, a corrupt record) is skipped instead of stopping the table.
    states.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    states.decoder = alerts.valueSerde().deserializer();
    states.thread = new Thread(() -> states.run(alerts.name()), "vigie-incident-states");
    states.thread.setDaemon(true);
    states.thread.start();
    return states;
  }

  private void run(String topic) {
    KafkaConsumer<String, byte[]> kafka = consumer;
    try (kafka) {
      List<TopicPartition> partitions =
          kafka.partitionsFor(topic, Duration.ofMinutes(1)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      if (partitions.isEmpty()) {
        // Assigning no partition would make an empty table look read, and every action a 404.
        log.error(
            "Topic {} does not exist: run vigie setup, then restart; the alert API answers 503 to"
                + " actions until then",
            topic);
        return;
      }
      kafka.assign(partitions);
      kafka.seekToBeginning(partitions);
      // With read_committed these are the last stable offsets: what is there to read now.
      Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
      while (running.get()) {
        for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(250))) {
          if (record.value() != null) {
            decode(record).ifPresent(this::record);
          }
        }
        if (!ready
            && ends.entrySet().stream().allMatch(e -> kafka.position(e.getKey()) >= e.getValue())) {
          ready = true;
          log.debug("Incident states read: {} alerts", latest.size());
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("Incident states no longer followed; the alert API answers 503 to actions", e);
      ready = false;
    }
  }

  private Optional<Alert> decode(ConsumerRecord<String, byte[]> record) {
    try {
      return Optional.of(decoder.deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      log.warn(
          "Skipping alert {} at {}-{}@{} that this version cannot read ({}); actions on it answer"
              + " as for its last readable version",
          record.key(),
          record.topic(),
          record.partition(),
          record.offset(),
          e.getMessage());
      return Optional.empty();
    }
  }

  /** Takes in one alert version; an older one than already known changes nothing. */
  public void record(Alert alert) {
    State state =
        new State(
            alert.getId(),
            alert.getVersion(),
            alert.getStatus(),
            alert.getKind(),
            alert.getUpdatedAt());
    latest.merge(
        alert.getId(), state, (known, next) -> next.version() >= known.version() ? next : known);
  }

  /** The alert's latest state, empty when no version of it was read. */
  public Optional<State> get(String id) {
    return Optional.ofNullable(latest.get(id));
  }

  /**
   * Whether the topic was read up to where it stood at the start, and is still followed: until
   * then, an alert not found may only not be read yet.
   */
  public boolean ready() {
    return ready && (thread == null || thread.isAlive());
  }

  @Override
  public void close() {
    running.set(false);
    if (consumer != null) {
      consumer.wakeup();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // stopping anyway; the daemon thread ends on its own
      }
    }
  }
}
