package io.vigie.core.kafka;

import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.LeaderNotAvailableException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Vigie's topics when they are missing: time-retained topics for posts, signals, alerts and
 * dead letters, a compacted one for watch rules. Existing topics are left as they are (an operator
 * may have tuned them), so running it again is harmless.
 */
public final class TopicSetup {

  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private static final Duration HOSTED_TIMEOUT = Duration.ofSeconds(60);

  private final int partitions;
  private final Optional<Short> replicationFactor;
  private final Duration retention;

  public TopicSetup(int partitions, short replicationFactor, Duration retention) {
    this.partitions = partitions;
    this.replicationFactor =
        replicationFactor < 0 ? Optional.empty() : Optional.of(replicationFactor);
    this.retention = retention;
  }

  /** Creates the missing topics and returns the names it created. */
  public List<String> ensure(Admin admin, VigieTopics topics) throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<String, ?> topic : topics.all()) {
        if (!existing.contains(topic.name())) {
          missing.add(newTopic(topic, topics.isCompacted(topic)));
        }
      }
      List<String> created = new ArrayList<>();
      var result = admin.createTopics(missing);
      for (var entry : result.values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          created.add(entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e; // another instance creating it at the same moment is fine; anything else is
            // not
          }
        }
      }
      if (!created.isEmpty()) {
        awaitHosted(admin, created);
        log.info("Created topics {}", created);
      }
      return created;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot create Vigie's topics: " + (e.getCause() != null ? e.getCause() : e), e);
    }
  }

  /**
   * Returns once the broker hosts every partition of the new topics. A producer that writes at once
   * may otherwise see its first batch refused (the partition not there yet) and a later one
   * accepted, after which the first can never be written: KAFKA-15591, records silently expired
   * despite idempotence. Listing offsets is answered by the partition's leader itself. The admin
   * client does not always retry it while the leader is still loading the partition (a clean-clone
   * CI run got "This server does not host this topic-partition"), and describing a topic just
   * created can fail the same way before the metadata reaches the broker that answers (another CI
   * run), so this asks again, both questions, until the deadline.
   */
  private static void awaitHosted(Admin admin, List<String> topics)
      throws ExecutionException, TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + HOSTED_TIMEOUT.toNanos();
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .forEach(
                (name, description) ->
                    description
                        .partitions()
                        .forEach(
                            p ->
                                partitions.put(
                                    new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin.listOffsets(partitions).all().get(60, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException e) {
        boolean notYet =
            e.getCause() instanceof UnknownTopicOrPartitionException
                || e.getCause() instanceof LeaderNotAvailableException
                || e.getCause() instanceof NotLeaderOrFollowerException;
        if (!notYet || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private NewTopic newTopic(Topic<String, ?> topic, boolean compacted) {
    NewTopic created = new NewTopic(topic.name(), Optional.of(partitions), replicationFactor);
    if (compacted) {
      created.configs(
          Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    } else {
      created.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis())));
    }
    return created;
  }
}
