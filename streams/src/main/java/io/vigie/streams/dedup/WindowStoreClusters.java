package io.vigie.streams.dedup;

import java.util.Optional;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Clusters and their indexes in Kafka Streams window stores: fault-tolerant through their
 * changelogs, and bounded, since a window store drops whole segments once they are older than its
 * retention. Each entry is stored at the time of the post that wrote it; lookups see entries within
 * the retention either side of the current post's time, so that slightly out-of-order posts still
 * find their cluster.
 */
final class WindowStoreClusters implements NearDuplicateClusters.Memory {

  private final WindowStore<Long, String> texts;
  private final WindowStore<Long, String> bands;
  private final WindowStore<String, byte[]> clusters;
  private final long retentionMs;
  private long now;

  WindowStoreClusters(
      WindowStore<Long, String> texts,
      WindowStore<Long, String> bands,
      WindowStore<String, byte[]> clusters,
      long retentionMs) {
    this.texts = texts;
    this.bands = bands;
    this.clusters = clusters;
    this.retentionMs = retentionMs;
  }

  /** The time of the post being clustered. */
  void at(long timestamp) {
    this.now = timestamp;
  }

  private <K, V> Optional<V> latest(WindowStore<K, V> store, K key) {
    V found = null;
    try (WindowStoreIterator<V> entries =
        store.fetch(key, Math.max(0, now - retentionMs), now + retentionMs)) {
      while (entries.hasNext()) {
        found = entries.next().value;
      }
    }
    return Optional.ofNullable(found);
  }

  @Override
  public Optional<String> clusterOfText(long exactHash) {
    return latest(texts, exactHash);
  }

  @Override
  public void indexText(long exactHash, String clusterId, long timestamp) {
    texts.put(exactHash, clusterId, timestamp);
  }

  @Override
  public Optional<String> clusterOfBand(long bandKey) {
    return latest(bands, bandKey);
  }

  @Override
  public void indexBand(long bandKey, String clusterId, long timestamp) {
    bands.put(bandKey, clusterId, timestamp);
  }

  @Override
  public Optional<Cluster> cluster(String id) {
    return latest(clusters, id).map(Cluster::fromBytes);
  }

  @Override
  public void save(Cluster cluster) {
    // Stored at its opening time: every update overwrites the same entry, and the cluster expires
    // one retention after it opened.
    clusters.put(cluster.id(), cluster.toBytes(), cluster.openedAt());
  }
}
