package io.vigie.streams.dedup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Clusters and their indexes in Kafka Streams key-value stores, fault-tolerant through their
 * changelogs. A cluster lives as long as its copies keep coming: it stays findable while its latest
 * copy was seen no longer than the retention before stream time, however long ago it opened, and
 * every update is written whatever the copy's time (a window store drops writes older than its
 * retention, which froze long-lived clusters).
 *
 * <p>The time of the latest copy is the stream time when it was clustered: its own time in order,
 * later when it arrived late, so that a late burst of copies keeps one cluster rather than opening
 * one that is already expired at each copy.
 *
 * <p>State stays bounded by an expiry schedule, a store ordered by time, swept by {@link
 * #expire(long)}: a cluster is scheduled once when it opens and each exact-text index entry when it
 * is written; a due entry whose cluster has been seen since is rescheduled at that time, so a copy
 * costs one write and a live cluster about one reschedule per retention. An expired cluster is
 * deleted with the bands it was indexed under (recomputed from its signature) and, as their own
 * entries fall due, the texts that pointed to it. Lookups check the time themselves, so what a post
 * finds never depends on when the sweep last ran.
 */
final class KeyValueStoreClusters implements NearDuplicateClusters.Memory {

  private static final byte CLUSTER = 'C';
  private static final byte TEXT = 'T';
  // Due entries are read in batches and deleted after the iterator is closed: writing into a store
  // while iterating it is not guaranteed to be safe through the record cache.
  private static final int BATCH = 1_000;

  private final KeyValueStore<Long, String> texts;
  private final KeyValueStore<Long, String> bands;
  private final KeyValueStore<String, byte[]> clusters;
  private final KeyValueStore<Bytes, byte[]> schedule;
  private final Function<Cluster, long[]> bandKeys;
  private final long retentionMs;
  private long streamTime;
  // Where the last sweep ended: nothing is scheduled before the horizon, so the next sweep starts
  // here instead of seeking through the tombstones of every entry already swept.
  private long sweptTo = Long.MIN_VALUE;

  KeyValueStoreClusters(
      KeyValueStore<Long, String> texts,
      KeyValueStore<Long, String> bands,
      KeyValueStore<String, byte[]> clusters,
      KeyValueStore<Bytes, byte[]> schedule,
      Function<Cluster, long[]> bandKeys,
      long retentionMs) {
    this.texts = texts;
    this.bands = bands;
    this.clusters = clusters;
    this.schedule = schedule;
    this.bandKeys = bandKeys;
    this.retentionMs = retentionMs;
  }

  /** The stream time of the post being clustered. */
  void at(long streamTime) {
    this.streamTime = streamTime;
  }

  private long horizon() {
    return streamTime - retentionMs;
  }

  @Override
  public Optional<String> clusterOfText(long exactHash) {
    return Optional.ofNullable(texts.get(exactHash));
  }

  @Override
  public void indexText(long exactHash, String clusterId, long timestamp) {
    texts.put(exactHash, clusterId);
    plan(TEXT, longBytes(exactHash), timestamp);
  }

  @Override
  public Optional<String> clusterOfBand(long bandKey) {
    return Optional.ofNullable(bands.get(bandKey));
  }

  @Override
  public void indexBand(long bandKey, String clusterId, long timestamp) {
    // Not scheduled: the cluster's own expiry deletes its bands.
    bands.put(bandKey, clusterId);
  }

  @Override
  public Optional<Cluster> cluster(String id) {
    byte[] bytes = clusters.get(id);
    if (bytes == null) {
      return Optional.empty();
    }
    Cluster cluster = Cluster.fromBytes(bytes);
    return cluster.lastSeenAt() < horizon() ? Optional.empty() : Optional.of(cluster);
  }

  @Override
  public void save(Cluster cluster) {
    cluster.seen(streamTime);
    clusters.put(cluster.id(), cluster.toBytes());
    if (cluster.size() == 1) {
      // Only an opening saves a cluster of one: later copies move its time, not its schedule.
      plan(CLUSTER, cluster.id().getBytes(StandardCharsets.UTF_8), cluster.lastSeenAt());
    }
  }

  /** Forgets what has not been seen for longer than the retention before {@code streamTime}. */
  void expire(long streamTime) {
    at(streamTime);
    // A bare time sorts before every entry of that time: the range ends just before the horizon.
    Bytes from = Bytes.wrap(timeBytes(sweptTo));
    Bytes before = Bytes.wrap(timeBytes(horizon()));
    while (true) {
      List<Bytes> due = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> entries = schedule.range(from, before)) {
        while (entries.hasNext() && due.size() < BATCH) {
          due.add(entries.next().key);
        }
      }
      if (due.isEmpty()) {
        sweptTo = horizon();
        return;
      }
      for (Bytes entry : due) {
        schedule.delete(entry);
        ByteBuffer key = ByteBuffer.wrap(entry.get(), Long.BYTES, entry.get().length - Long.BYTES);
        if (key.get() == CLUSTER) {
          byte[] id = new byte[key.remaining()];
          key.get(id);
          expireCluster(new String(id, StandardCharsets.UTF_8));
        } else {
          expireText(key.getLong());
        }
      }
    }
  }

  private void expireCluster(String id) {
    byte[] bytes = clusters.get(id);
    if (bytes == null) {
      return;
    }
    Cluster cluster = Cluster.fromBytes(bytes);
    if (cluster.lastSeenAt() >= horizon()) {
      plan(CLUSTER, id.getBytes(StandardCharsets.UTF_8), cluster.lastSeenAt());
      return;
    }
    clusters.delete(id);
    for (long band : bandKeys.apply(cluster)) {
      // A band a newer cluster has taken over is that cluster's to delete.
      if (id.equals(bands.get(band))) {
        bands.delete(band);
      }
    }
  }

  private void expireText(long exactHash) {
    String id = texts.get(exactHash);
    if (id == null) {
      return;
    }
    Optional<Cluster> live = cluster(id);
    if (live.isPresent()) {
      plan(TEXT, longBytes(exactHash), live.get().lastSeenAt());
    } else {
      texts.delete(exactHash);
    }
  }

  private void plan(byte kind, byte[] key, long time) {
    // Never before the horizon (a late copy's own time can be): the next sweep would not look
    // there.
    schedule.put(
        Bytes.wrap(
            ByteBuffer.allocate(Long.BYTES + 1 + key.length)
                .put(timeBytes(Math.max(time, horizon())))
                .put(kind)
                .put(key)
                .array()),
        new byte[0]);
  }

  /** Big-endian with the sign bit flipped, so that byte order is time order, negatives included. */
  private static byte[] timeBytes(long time) {
    return longBytes(time ^ Long.MIN_VALUE);
  }

  private static byte[] longBytes(long value) {
    return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
  }
}
