package io.vigie.alerts;

import io.vigie.schema.Alert;
import io.vigie.schema.Topic;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the alerts topic from its beginning on a thread of its own and hands every committed
 * alert version to a consumer, for terminals and the console (the demo, {@code vigie console}).
 * Closing it stops the thread.
 */
public final class AlertFeed implements AutoCloseable {

  private final KafkaConsumer<String, Alert> consumer;
  private final Thread thread;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicInteger incidents = new AtomicInteger();

  private AlertFeed(KafkaConsumer<String, Alert> consumer, Consumer<Alert> onAlert, String topic) {
    this.consumer = consumer;
    this.thread =
        new Thread(
            () -> {
              try {
                consumer.subscribe(List.of(topic));
                while (running.get()) {
                  for (ConsumerRecord<String, Alert> record :
                      consumer.poll(Duration.ofMillis(250))) {
                    if (record.value() != null) {
                      if (record.value().getVersion() == 1) {
                        incidents.incrementAndGet();
                      }
                      onAlert.accept(record.value());
                    }
                  }
                }
              } catch (WakeupException e) {
                // closing
              } finally {
                consumer.close();
              }
            },
            "vigie-alert-feed");
    thread.setDaemon(true);
  }

  /** Starts following {@code topic} with the given Kafka client settings. */
  public static AlertFeed start(
      Map<String, Object> kafka, Topic<String, Alert> topic, Consumer<Alert> onAlert) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "vigie-alert-feed-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    AlertFeed feed =
        new AlertFeed(
            new KafkaConsumer<>(props, new StringDeserializer(), topic.valueSerde().deserializer()),
            onAlert,
            topic.name());
    feed.thread.start();
    return feed;
  }

  /** Incidents seen so far (first versions). */
  public int incidents() {
    return incidents.get();
  }

  /** Whether its thread still follows the topic (false once closed or failed). */
  public boolean running() {
    return thread.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    consumer.wakeup();
    thread.join(5_000);
  }
}
