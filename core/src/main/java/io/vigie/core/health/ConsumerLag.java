package io.vigie.core.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How far a consumer group is behind on some topics: committed offsets against the last stable
 * offsets (read_committed), summed over partitions. A partition the group never committed counts
 * from its first retained record; a topic not created yet counts nothing.
 */
public final class ConsumerLag {

  private ConsumerLag() {}

  /**
   * Where a group stands on some topics, summed over partitions: offsets consumed (committed, or
   * the first retained record where it never committed) and last stable offsets.
   */
  public record Position(long consumed, long end) {}

  public static long of(Admin admin, String groupId, Collection<String> topics)
      throws InterruptedException {
    long lag = 0;
    for (long[] partition : partitions(admin, groupId, topics)) {
      lag += Math.max(0, partition[1] - partition[0]);
    }
    return lag;
  }

  public static Position position(Admin admin, String groupId, Collection<String> topics)
      throws InterruptedException {
    long consumed = 0;
    long end = 0;
    for (long[] partition : partitions(admin, groupId, topics)) {
      consumed += Math.min(partition[0], partition[1]);
      end += partition[1];
    }
    return new Position(consumed, end);
  }

  /** Per partition of {@code topics} that exists: {consumed offset, last stable offset}. */
  private static List<long[]> partitions(Admin admin, String groupId, Collection<String> topics)
      throws InterruptedException {
    try {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      // A topic that does not exist yet (a Streams-internal topic before the application's first
      // rebalance) has nothing to lag behind.
      Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      List<String> present = topics.stream().filter(existing::contains).toList();
      var descriptions = admin.describeTopics(present).allTopicNames().get(10, TimeUnit.SECONDS);
      descriptions.forEach(
          (topic, description) ->
              description
                  .partitions()
                  .forEach(
                      p -> {
                        latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                        earliest.put(
                            new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                      }));
      // The group's offsets first, then the topics' ends: read the other way round, a pipeline
      // mid-flight could show no lag at all. A downstream topic's end read before the upstream
      // transaction commits, and that topic's offsets read after, would then look caught up
      // although the records the transaction wrote there are still to be consumed.
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(10, TimeUnit.SECONDS);
      ListOffsetsOptions committedOnly = new ListOffsetsOptions(IsolationLevel.READ_COMMITTED);
      var ends = admin.listOffsets(latest, committedOnly).all().get(10, TimeUnit.SECONDS);
      var starts = admin.listOffsets(earliest, committedOnly).all().get(10, TimeUnit.SECONDS);
      List<long[]> out = new ArrayList<>(latest.size());
      for (TopicPartition partition : latest.keySet()) {
        OffsetAndMetadata offset = committed.get(partition);
        long from = offset != null ? offset.offset() : starts.get(partition).offset();
        out.add(new long[] {from, ends.get(partition).offset()});
      }
      return out;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Cannot read the lag of group " + groupId + ": " + e.getMessage(), e);
    }
  }
}
