package io.vigie.streams.dedup;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Puts each post in a cluster of near-duplicates. A post joins the cluster of an earlier post whose
 * normalised text is identical (an exact hash, the cheap and common case: reposts, copy-paste
 * campaigns), or, failing that, of one that shares an LSH band and whose MinHash similarity is at
 * least {@code threshold}; otherwise it opens a cluster of its own. Texts shorter than {@code
 * minLength} normalised characters ("lol", "merci !") are never clustered: they are alike without
 * being copies. Only a cluster's opener is indexed, so state grows with clusters, not posts; the
 * {@link Memory} decides how long anything is kept.
 */
public final class NearDuplicateClusters {

  /** Where clusters and their indexes live: a map in tests and backtests, state stores live. */
  public interface Memory {
    Optional<String> clusterOfText(long exactHash);

    void indexText(long exactHash, String clusterId, long timestamp);

    Optional<String> clusterOfBand(long bandKey);

    void indexBand(long bandKey, String clusterId, long timestamp);

    Optional<Cluster> cluster(String id);

    void save(Cluster cluster);
  }

  /** Where a post landed. {@code similarity} is 1 for the opener and exact copies. */
  public record Assignment(
      String clusterId, boolean opener, int size, int authors, double similarity, long openedAt) {}

  private final MinHash minHash;
  private final double threshold;
  private final int minLength;

  public NearDuplicateClusters(MinHash minHash, double threshold, int minLength) {
    this.minHash = minHash;
    this.threshold = threshold;
    this.minLength = minLength;
  }

  public static NearDuplicateClusters defaults() {
    return new NearDuplicateClusters(MinHash.defaults(), 0.6, 20);
  }

  /**
   * Clusters the post {@code key} by {@code author} (its handle or id; the key when unknown) with
   * text {@code normalized}, seen at {@code timestamp}.
   */
  public Assignment assign(
      String key, String author, String normalized, long timestamp, Memory memory) {
    if (normalized.length() < minLength) {
      return new Assignment(key, true, 1, 1, 1.0, timestamp);
    }
    long exact = MinHash.exactHash(normalized);
    Optional<Cluster> same = memory.clusterOfText(exact).flatMap(memory::cluster);
    if (same.isPresent()) {
      return join(same.get(), author, timestamp, 1.0, memory);
    }
    long[] signature = minHash.signature(normalized);
    long[] bands = minHash.bandKeys(signature);
    Set<String> candidates = new LinkedHashSet<>();
    for (long band : bands) {
      memory.clusterOfBand(band).ifPresent(candidates::add);
    }
    Cluster best = null;
    double bestSimilarity = 0;
    for (String candidate : candidates) {
      Optional<Cluster> cluster = memory.cluster(candidate);
      if (cluster.isPresent()) {
        double similarity = MinHash.similarity(signature, cluster.get().signature());
        if (similarity >= threshold && similarity > bestSimilarity) {
          best = cluster.get();
          bestSimilarity = similarity;
        }
      }
    }
    if (best != null) {
      // Later exact copies of this variant find the cluster without the bands.
      memory.indexText(exact, best.id(), timestamp);
      return join(best, author, timestamp, bestSimilarity, memory);
    }
    Cluster opened = Cluster.open(key, timestamp, signature, author);
    memory.save(opened);
    memory.indexText(exact, key, timestamp);
    for (long band : bands) {
      memory.indexBand(band, key, timestamp);
    }
    return new Assignment(key, true, 1, 1, 1.0, timestamp);
  }

  /** The LSH bands {@code cluster} was indexed under when it opened. */
  public long[] bandKeys(Cluster cluster) {
    return minHash.bandKeys(cluster.signature());
  }

  private static Assignment join(
      Cluster cluster, String author, long timestamp, double similarity, Memory memory) {
    cluster.join(author, timestamp);
    memory.save(cluster);
    return new Assignment(
        cluster.id(), false, cluster.size(), cluster.authors(), similarity, cluster.openedAt());
  }
}
