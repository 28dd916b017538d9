package io.vigie.streams.dedup;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link NearDuplicateClusters.Memory} in plain maps that forgets nothing: for tests, evaluations
 * and backtests over bounded data.
 */
public final class InMemoryClusters implements NearDuplicateClusters.Memory {

  private final Map<Long, String> texts = new HashMap<>();
  private final Map<Long, String> bands = new HashMap<>();
  private final Map<String, Cluster> clusters = new HashMap<>();

  @Override
  public Optional<String> clusterOfText(long exactHash) {
    return Optional.ofNullable(texts.get(exactHash));
  }

  @Override
  public void indexText(long exactHash, String clusterId, long timestamp) {
    texts.put(exactHash, clusterId);
  }

  @Override
  public Optional<String> clusterOfBand(long bandKey) {
    return Optional.ofNullable(bands.get(bandKey));
  }

  @Override
  public void indexBand(long bandKey, String clusterId, long timestamp) {
    bands.put(bandKey, clusterId);
  }

  @Override
  public Optional<Cluster> cluster(String id) {
    return Optional.ofNullable(clusters.get(id));
  }

  @Override
  public void save(Cluster cluster) {
    clusters.put(cluster.id(), cluster);
  }
}
