package io.vigie.alerts.dispatch;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.core.deadletter.DeadLetters;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertDelivery;
import io.vigie.schema.AlertSilence;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.DeliveryOutcome;
import io.vigie.schema.Topic;
import io.vigie.schema.TopicReader;
import io.vigie.schema.serde.AvroDecodingException;
import io.vigie.schema.webhook.StandardWebhooks;
import io.vigie.streams.StageMeters;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alerts to people: reads every alert version, asks {@link PagingPolicy} whether each route
 * must hear of it, sends it through the route's channel with retries ({@link HttpSender}), and
 * writes what happened to the delivery log (a compacted topic) before committing the alert's
 * offset.
 *
 * <p>The delivery log is what a restarted dispatcher remembers, so a version is not sent twice. The
 * one gap: a crash after a receiver took a message and before its log entry was written sends it
 * again on restart, with the same {@code webhook-id} ({@code <alert id>_v<version>}), which a
 * receiver that deduplicates on it (as Standard Webhooks asks) drops. Hourly rate limits are
 * rebuilt from the deliveries of the last hour that the log still holds (compaction may have merged
 * some, so a restart can only allow fewer messages, never more than before it). An alert record
 * that cannot be read goes to the dispatch dead-letter topic with the reason.
 *
 * <p>Silences set at run time live in the compacted silences topic. Every dispatcher reads it whole
 * (no consumer group: each instance needs every silence) before it takes alerts, then polls it
 * between batches of alerts, so a new silence mutes within a poll (half a second when no alert
 * comes) on every instance, and a restarted one still knows it. A silence record that cannot be
 * read is logged and counted, never applied.
 */
public final class AlertDispatcher implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
  private static final Duration HOUR = Duration.ofHours(1);

  private final AlertRoutes routes;
  private final Topic<String, Alert> alerts;
  private final Topic<String, AlertDelivery> deliveries;
  private final Topic<String, DeadLetter> deadLetters;
  private final Optional<Topic<String, AlertSilence>> silences;
  private final SilenceBook silenceBook;
  private final Map<String, Object> kafka;
  private final String groupId;
  private final HttpSender sender;
  private final EmailSender mailer;
  private final StageMeters meters;
  private final Clock clock;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Map<String, AlertDelivery> memory = new HashMap<>();
  private final Map<String, Deque<Instant>> sentLastHour = new HashMap<>();
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean ready;

  public AlertDispatcher(
      AlertRoutes routes,
      Topic<String, Alert> alerts,
      Topic<String, AlertDelivery> deliveries,
      Topic<String, DeadLetter> deadLetters,
      Map<String, Object> kafka,
      String groupId,
      HttpSender sender,
      EmailSender mailer,
      MeterRegistry registry,
      Clock clock) {
    this(
        routes,
        alerts,
        deliveries,
        deadLetters,
        Optional.empty(),
        new SilenceBook(),
        kafka,
        groupId,
        sender,
        mailer,
        registry,
        clock);
  }

  /**
   * A dispatcher that also follows the silences set at run time in {@code silences} into {@code
   * silenceBook} (which the alert API shares); without a topic, only the routes file's silences
   * apply.
   */
  public AlertDispatcher(
      AlertRoutes routes,
      Topic<String, Alert> alerts,
      Topic<String, AlertDelivery> deliveries,
      Topic<String, DeadLetter> deadLetters,
      Optional<Topic<String, AlertSilence>> silences,
      SilenceBook silenceBook,
      Map<String, Object> kafka,
      String groupId,
      HttpSender sender,
      EmailSender mailer,
      MeterRegistry registry,
      Clock clock) {
    this.routes = routes;
    this.silences = silences;
    this.silenceBook = silenceBook;
    this.alerts = alerts;
    this.deliveries = deliveries;
    this.deadLetters = deadLetters;
    this.kafka = Map.copyOf(kafka);
    this.groupId = groupId;
    this.sender = sender;
    this.mailer = mailer;
    this.meters = new StageMeters(registry);
    this.clock = clock;
  }

  /** Whether the delivery log was read and alerts are being consumed. */
  public boolean ready() {
    return ready;
  }

  @Override
  public void run() {
    Map<String, Object> consumerProps = new HashMap<>(kafka);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
    Map<String, Object> producerProps = new HashMap<>(kafka);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, AlertDelivery> producer =
            new KafkaProducer<>(
                producerProps,
                deliveries.keySerde().serializer(),
                deliveries.valueSerde().serializer());
        KafkaProducer<String, DeadLetter> letters =
            new KafkaProducer<>(
                producerProps,
                deadLetters.keySerde().serializer(),
                deadLetters.valueSerde().serializer());
        KafkaConsumer<byte[], byte[]> alertConsumer =
            new KafkaConsumer<>(
                consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaConsumer<String, byte[]> silenceConsumer = silenceConsumer()) {
      consumer = alertConsumer;
      restoreMemory();
      readSilencesToEnd(silenceConsumer);
      alertConsumer.subscribe(List.of(alerts.name()));
      ready = true;
      while (!stopped.get()) {
        followSilences(silenceConsumer, Duration.ZERO);
        ConsumerRecords<byte[], byte[]> records = alertConsumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          handle(record, producer, letters);
        }
        if (!records.isEmpty()) {
          alertConsumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (!stopped.get()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      ready = false;
    }
  }

  @Override
  public void close() {
    stopped.set(true);
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  private void handle(
      ConsumerRecord<byte[], byte[]> record,
      KafkaProducer<String, AlertDelivery> producer,
      KafkaProducer<String, DeadLetter> letters)
      throws InterruptedException {
    Alert alert;
    try {
      alert = alerts.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (AvroDecodingException e) {
      log.error(
          "Alert at {}-{}@{} cannot be read; sent to {}: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          deadLetters.name(),
          e.getMessage());
      deadLetter(record, e, letters);
      meters
          .counter(
              "vigie.dispatch.unreadable", "Alert records that could not be read (dead-lettered)")
          .increment();
      return;
    }
    if (alert == null) {
      return;
    }
    for (AlertRoute route : routes.routes()) {
      String key = route.name() + "|" + alert.getId();
      AlertDelivery previous = memory.get(key);
      Instant now = clock.instant();
      var decision = PagingPolicy.decide(route, alert, previous, silences(), now);
      if (decision.isEmpty()) {
        continue;
      }
      DeliveryOutcome outcome = decision.get().outcome();
      String detail = decision.get().detail();
      int attempts = 0;
      if (decision.get().send()) {
        if (!withinRate(route, now)) {
          outcome = DeliveryOutcome.RATE_LIMITED;
          detail = "more than " + route.maxPerHour() + " an hour";
        } else {
          HttpSender.Result result = deliver(route, alert, decision.get().reason().orElseThrow());
          outcome = result.delivered() ? DeliveryOutcome.DELIVERED : DeliveryOutcome.FAILED;
          attempts = result.attempts();
          detail = result.detail();
          if (!result.delivered()) {
            log.error(
                "Alert {} v{} not delivered to route {} ({}) after {} attempts: {}",
                alert.getId(),
                alert.getVersion(),
                route.name(),
                route.channel(),
                attempts,
                detail);
          }
        }
      }
      AlertDelivery entry =
          PagingPolicy.record(route, alert, previous, outcome, attempts, detail, clock.instant());
      try {
        producer.send(new ProducerRecord<>(deliveries.name(), key, entry)).get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "Cannot write the delivery log; stopping without committing", e.getCause());
      }
      memory.put(key, entry);
      meters
          .counter(
              "vigie.dispatch.deliveries",
              "What became of each alert version on each route",
              "route",
              route.name(),
              "outcome",
              outcome.name())
          .increment();
    }
  }

  /** The routes file's silences and those set at run time. */
  private List<Silence> silences() {
    List<Silence> all = new ArrayList<>(routes.silences());
    all.addAll(silenceBook.all());
    return all;
  }

  /**
   * A consumer of every partition of the silences topic from its beginning, committed records only
   * (the API writes a silence and its audit record in one transaction); none without the topic.
   */
  private KafkaConsumer<String, byte[]> silenceConsumer() {
    if (silences.isEmpty()) {
      return null;
    }
    Map<String, Object> props = new HashMap<>(kafka);
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // A broker that creates topics on demand would make a non-compacted one, losing silences.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    KafkaConsumer<String, byte[]> silenceConsumer =
        new KafkaConsumer<>(
            props, silences.get().keySerde().deserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions =
        silenceConsumer.partitionsFor(silences.get().name(), Duration.ofMinutes(1)).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    if (partitions.isEmpty()) {
      silenceConsumer.close();
      throw new IllegalStateException(
          "Topic " + silences.get().name() + " does not exist: run vigie setup to create it");
    }
    silenceConsumer.assign(partitions);
    silenceConsumer.seekToBeginning(partitions);
    return silenceConsumer;
  }

  private void readSilencesToEnd(KafkaConsumer<String, byte[]> silenceConsumer) {
    if (silenceConsumer == null) {
      return;
    }
    Map<TopicPartition, Long> end =
        silenceConsumer.endOffsets(silenceConsumer.assignment(), Duration.ofMinutes(1));
    while (!stopped.get()
        && end.entrySet().stream()
            .anyMatch(e -> silenceConsumer.position(e.getKey()) < e.getValue())) {
      followSilences(silenceConsumer, Duration.ofMillis(200));
    }
    log.info("Silences read: {} known", silenceBook.all().size());
  }

  private void followSilences(KafkaConsumer<String, byte[]> silenceConsumer, Duration wait) {
    if (silenceConsumer == null) {
      return;
    }
    for (ConsumerRecord<String, byte[]> record : silenceConsumer.poll(wait)) {
      if (record.value() == null) {
        continue; // a tombstone: an operator's clean-up of a long-expired silence
      }
      try {
        silenceBook.put(
            Silence.of(
                silences
                    .get()
                    .valueSerde()
                    .deserializer()
                    .deserialize(record.topic(), record.value())));
      } catch (AvroDecodingException | IllegalArgumentException e) {
        log.error(
            "Silence at {}-{}@{} cannot be read; not applied: {}",
            record.topic(),
            record.partition(),
            record.offset(),
            e.getMessage());
        meters
            .counter("vigie.dispatch.silences.unreadable", "Silence records that could not be read")
            .increment();
      }
    }
  }

  /** A dead letter Kafka did not take must stop the commit, or the alert would vanish unread. */
  private void deadLetter(
      ConsumerRecord<byte[], byte[]> record,
      AvroDecodingException error,
      KafkaProducer<String, DeadLetter> letters)
      throws InterruptedException {
    DeadLetter letter =
        DeadLetters.fromKafka(
            "dispatch",
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            DeadLetters.errorClass(error),
            DeadLetters.describe(error),
            clock.instant());
    String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
    try {
      letters.send(new ProducerRecord<>(deadLetters.name(), key, letter)).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot write to the dead-letter topic; stopping without committing", e.getCause());
    }
  }

  private HttpSender.Result deliver(AlertRoute route, Alert alert, PagingPolicy.Reason reason)
      throws InterruptedException {
    AlertMessage message = AlertMessage.of(alert, reason, route.language());
    AlertRoute.Channel channel = route.channel();
    String messageId = alert.getId() + "_v" + alert.getVersion();
    byte[] body;
    IntFunction<Map<String, String>> headers;
    if (channel.type() == AlertRoute.ChannelType.EMAIL) {
      return mailer.send(channel, messageId, message);
    } else if (channel.type() == AlertRoute.ChannelType.WEBHOOK) {
      body = ChannelPayloads.webhook(alert, message, reason, clock.instant());
      headers =
          attempt -> {
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> h = new HashMap<>();
            h.put("webhook-id", messageId);
            h.put("webhook-timestamp", Long.toString(timestamp));
            channel
                .secret()
                .ifPresent(
                    secret ->
                        h.put(
                            "webhook-signature",
                            StandardWebhooks.sign(secret, messageId, timestamp, body)));
            return h;
          };
    } else {
      body = ChannelPayloads.slack(message);
      headers = attempt -> Map.of();
    }
    return sender.send(channel.url(), headers, body);
  }

  /** Counts the message against the route's hourly limit; false when the limit is reached. */
  private boolean withinRate(AlertRoute route, Instant now) {
    Deque<Instant> sent = sentLastHour.computeIfAbsent(route.name(), r -> new ArrayDeque<>());
    while (!sent.isEmpty() && !sent.peekFirst().isAfter(now.minus(HOUR))) {
      sent.pollFirst();
    }
    if (sent.size() >= route.maxPerHour()) {
      return false;
    }
    sent.addLast(now);
    return true;
  }

  /**
   * Reads the delivery log to its end: what every route last did for every incident, and what each
   * route sent within the last hour, for its rate limit.
   */
  private void restoreMemory() {
    Instant hourAgo = clock.instant().minus(HOUR);
    TopicReader.readToEnd(
        kafka,
        deliveries,
        Duration.ofMinutes(5),
        entry -> {
          AlertDelivery delivery = entry.value();
          if (delivery == null) {
            memory.remove(entry.key());
            return;
          }
          memory.put(entry.key(), delivery);
          if (delivery.getOutcome() == DeliveryOutcome.DELIVERED
              && delivery.getAt().isAfter(hourAgo)) {
            sentLastHour
                .computeIfAbsent(delivery.getRoute(), r -> new ArrayDeque<>())
                .add(delivery.getAt());
          }
        });
    // Partitions are read one after another: put each route's sends back in time order.
    sentLastHour.replaceAll((route, sent) -> new ArrayDeque<>(sent.stream().sorted().toList()));
    log.info(
        "Delivery log read: {} incidents on {} routes, {} messages sent in the last hour",
        memory.size(),
        routes.routes().size(),
        sentLastHour.values().stream().mapToInt(Deque::size).sum());
  }
}
