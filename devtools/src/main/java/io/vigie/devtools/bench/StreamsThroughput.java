package io.vigie.devtools.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/** Topics, posts and Kafka Streams applications of a streams throughput measurement. */
public final class StreamsThroughput {

  private StreamsThroughput() {}

  /** Vigie's topics under {@code topics}' prefix, and the pass-through chain's two of its own. */
  public static void createTopics(
      Map<String, Object> kafka, VigieTopics topics, int partitions, String... others)
      throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(partitions, (short) -1, Duration.ofDays(2)).ensure(admin, topics);
      admin
          .createTopics(
              Arrays.stream(others)
                  .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                  .toList())
          .all()
          .get();
    }
  }

  /** Publishes every post and waits until the broker acknowledged them all; fails if one failed. */
  public static void publishAll(
      Map<String, Object> kafka,
      Topic<String, Post> topic,
      List<Post> posts,
      MeterRegistry registry) {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (PostPublisher publisher =
        PostPublisher.create(topic, kafka, new IngestMetrics(registry))) {
      for (Post post : posts) {
        publisher.publish(
            post,
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
      }
      publisher.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "The broker refused a benchmark post: " + failure.get().getMessage(), failure.get());
    }
  }

  /** {@code count} generated posts (the daily cycle thins the night: widen until enough). */
  public static List<Post> generate(int count) {
    Duration span = Duration.ofMinutes(count / 400 + 1);
    while (true) {
      List<Post> all =
          new ScenarioGenerator(11, Instant.now().minus(span).minusSeconds(60), span, 500)
              .generate(List.of())
              .posts();
      if (all.size() >= count) {
        return all.subList(all.size() - count, all.size());
      }
      span = span.multipliedBy(2);
    }
  }

  public static StreamsSettings settings(
      StreamsSettings defaults, String applicationId, Path state, Map<String, Object> kafka) {
    return new StreamsSettings(
        applicationId,
        state.resolve(applicationId),
        defaults.processingGuarantee(),
        defaults.threads(),
        0,
        kafka);
  }

  /**
   * Posts/s between the first and the last of {@code expected} output records: the application's
   * start-up (group join, producer fencing, state restoration) is left out, as it is paid once.
   */
  public static double measure(
      Topology topology, Properties props, String output, int expected, Map<String, Object> kafka)
      throws Exception {
    Map<String, Object> consumerProps = new HashMap<>(kafka);
    consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            consumerProps, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(output).stream()
              .map(p -> new TopicPartition(output, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      try (KafkaStreams streams = new KafkaStreams(topology, props)) {
        streams.start();
        long seen = 0;
        long first = 0;
        long firstBatch = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        while (seen < expected) {
          if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
            throw new IllegalStateException(
                "Only " + seen + " of " + expected + " posts reached " + output);
          }
          int batch = consumer.poll(Duration.ofMillis(100)).count();
          if (batch > 0 && seen == 0) {
            first = System.nanoTime();
            firstBatch = batch;
          }
          seen += batch;
        }
        double seconds = Math.max(1e-3, (System.nanoTime() - first) / 1e9);
        return (expected - firstBatch) / seconds;
      }
    }
  }
}
