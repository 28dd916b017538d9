package io.vigie.alerts.watchdog;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerts.watchdog.PipelineWatch.Finding;
import io.vigie.core.PostHeaders;
import io.vigie.core.health.BackgroundProbes;
import io.vigie.schema.Alert;
import io.vigie.schema.DeadLetter;
import io.vigie.schema.SignalKind;
import io.vigie.schema.Topic;
import io.vigie.schema.TopicReader;
import io.vigie.schema.VigieTopics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the running pipeline for {@link PipelineWatch} every interval and publishes what it finds
 * as operational alerts on the alerts topic, which the dispatcher routes like any other: posts per
 * source (the {@code vigie.source} header of the raw topic, followed from its end without decoding
 * the posts), the lag of the consumer groups and Elasticsearch's answers (from {@link
 * BackgroundProbes}), and how many dead letters each stage has written. On start it reads the
 * alerts topic for operational alerts still open, so that a restart does not open them again.
 *
 * <p>It is the alerts topic's second writer, beside detection, and a documented one: its ids are in
 * a namespace of their own ({@link OperationalAlerts#ID_PREFIX}), and it writes with an idempotent
 * producer (acks=all), so that a retried send is not a second version. It writes outside any
 * transaction: each version is one record, read_committed readers see it at once.
 */
public final class Watchdog implements Runnable, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final PipelineWatch watch;
  private final VigieTopics topics;
  private final Map<String, Object> kafka;
  private final BackgroundProbes probes;
  private final List<String> groups;
  private final Duration interval;
  private final Clock clock;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile int published;

  public Watchdog(
      PipelineWatch watch,
      VigieTopics topics,
      Map<String, Object> kafka,
      BackgroundProbes probes,
      List<String> groups,
      Duration interval,
      MeterRegistry registry,
      Clock clock) {
    this.watch = watch;
    this.topics = topics;
    this.kafka = Map.copyOf(kafka);
    this.probes = probes;
    this.groups = List.copyOf(groups);
    this.interval = interval;
    this.clock = clock;
    Gauge.builder("vigie.watchdog.open", watch, PipelineWatch::openProblems)
        .description(
            "Problems the watchdog sees now: silent sources, growing lag, dead letters, Elasticsearch")
        .register(registry);
  }

  /** Operational alert versions published since start. */
  public int published() {
    return published;
  }

  @Override
  public void run() {
    restoreOpenFindings();
    Map<String, Object> consumerProps = new HashMap<>(kafka);
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, Object> producerProps = new HashMap<>(kafka);
    producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
    // Idempotent: a send retried after a lost acknowledgement does not write the version twice.
    producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    Topic<String, Alert> alerts = topics.alerts();
    try (KafkaConsumer<byte[], byte[]> raw =
            new KafkaConsumer<>(
                consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        KafkaProducer<String, Alert> producer =
            new KafkaProducer<>(
                producerProps, alerts.keySerde().serializer(), alerts.valueSerde().serializer());
        Admin admin = Admin.create(kafka)) {
      consumer = raw;
      // No group: the watch wants what arrives from now on, on every partition.
      List<TopicPartition> partitions =
          raw.partitionsFor(topics.rawPosts().name()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      raw.assign(partitions);
      raw.seekToEnd(partitions);
      Map<String, Long> posts = new HashMap<>();
      Instant lastElasticsearchAnswer = Instant.EPOCH;
      long nextTick = System.nanoTime() + interval.toNanos();
      while (!stopped.get()) {
        for (ConsumerRecord<byte[], byte[]> record : raw.poll(Duration.ofSeconds(1))) {
          Header source = record.headers().lastHeader(PostHeaders.SOURCE);
          if (source != null && posts.size() < 1_000) {
            posts.merge(new String(source.value(), StandardCharsets.UTF_8), 1L, Long::sum);
          }
        }
        if (System.nanoTime() < nextTick) {
          continue;
        }
        nextTick += interval.toNanos();
        Instant now = clock.instant();
        posts.forEach((source, count) -> watch.posts(source, count, now));
        posts.replaceAll((source, count) -> 0L); // known sources stay, counted afresh
        for (String group : groups) {
          probes.lag(group).ifPresent(lag -> watch.lag(group, lag, now));
        }
        deadLetterTotals(admin).forEach((stage, total) -> watch.deadLetters(stage, total, now));
        var answer = probes.elasticsearch();
        if (answer.isPresent() && answer.get().at().isAfter(lastElasticsearchAnswer)) {
          lastElasticsearchAnswer = answer.get().at();
          watch.elasticsearch(answer.get().reachable(), answer.get().detail(), answer.get().at());
        }
        for (Finding finding : watch.evaluate(now)) {
          Alert alert = OperationalAlerts.toAlert(finding, now);
          log.warn("Vigie itself: {} ({})", alert.getSummary(), alert.getStatus());
          producer.send(new ProducerRecord<>(alerts.name(), alert.getId(), alert)).get();
          published++;
        }
      }
    } catch (WakeupException e) {
      if (!stopped.get()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.error("The watchdog cannot publish its alerts; it stops", e.getCause());
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

  private void restoreOpenFindings() {
    Map<String, Alert> latest = new HashMap<>();
    TopicReader.readToEnd(
        kafka,
        topics.alerts(),
        Duration.ofMinutes(2),
        record -> {
          Alert alert = record.value();
          if (alert != null
              && alert.getKind() == SignalKind.OPERATIONAL
              && latest.getOrDefault(alert.getId(), alert).getVersion() <= alert.getVersion()) {
            latest.put(alert.getId(), alert);
          }
        });
    latest.values().stream()
        .map(OperationalAlerts::toFinding)
        .flatMap(Optional::stream)
        .forEach(watch::restore);
  }

  /** Dead letters written by each stage in all: the sum of its topic's end offsets. */
  private Map<String, Long> deadLetterTotals(Admin admin) throws InterruptedException {
    Map<String, Long> totals = new HashMap<>();
    List<Topic<String, DeadLetter>> letters =
        List.of(
            topics.ingestDeadLetters(),
            topics.streamsDeadLetters(),
            topics.indexerDeadLetters(),
            topics.dispatchDeadLetters());
    try {
      Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
      var described =
          admin
              .describeTopics(letters.stream().map(Topic::name).toList())
              .allTopicNames()
              .get(10, TimeUnit.SECONDS);
      described.forEach(
          (name, description) ->
              description
                  .partitions()
                  .forEach(
                      p -> ends.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
      admin
          .listOffsets(ends)
          .all()
          .get(10, TimeUnit.SECONDS)
          .forEach(
              (partition, offset) ->
                  totals.merge(
                      partition.topic().substring(partition.topic().lastIndexOf('.') + 1),
                      offset.offset(),
                      Long::sum));
    } catch (ExecutionException | TimeoutException e) {
      log.debug("Dead-letter counts unknown this round: {}", e.toString());
    }
    return totals;
  }
}
