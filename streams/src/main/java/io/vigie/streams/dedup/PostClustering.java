package io.vigie.streams.dedup;

import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;

/**
 * Puts one post in its near-duplicate cluster and records the outcome on it: cluster id, whether it
 * opened it, the cluster's running size and distinct authors, its similarity to the opener, whether
 * it is a repost (native, or a manual {@code RT @user:}), and the key of the post it repeats.
 * Shared by {@link DedupTopology} and the backtest, so both cluster alike.
 */
public final class PostClustering {

  private final NearDuplicateClusters clusters;

  public PostClustering(DedupSettings settings) {
    this.clusters =
        new NearDuplicateClusters(
            MinHash.defaults(), settings.similarityThreshold(), settings.minClusterTextLength());
  }

  /** {@code unique} with its cluster fields set; {@code memory} holds the clusters seen so far. */
  public EnrichedPost assign(EnrichedPost unique, long time, NearDuplicateClusters.Memory memory) {
    Post post = unique.getPost();
    String key = VigieTopics.postKey(post.getSource(), post.getId());
    NearDuplicateClusters.Assignment assignment =
        clusters.assign(
            key, author(post, key), TextNormalizer.normalize(post.getText()), time, memory);
    boolean manualRepost = TextNormalizer.repostedHandle(post.getText()).isPresent();
    String original =
        post.getRepostOfId() != null
            ? VigieTopics.postKey(post.getSource(), post.getRepostOfId())
            : assignment.opener() ? null : assignment.clusterId();
    return EnrichedPost.newBuilder(unique)
        .setClusterId(assignment.clusterId())
        .setClusterOpener(assignment.opener())
        .setClusterSize(assignment.size())
        .setClusterAuthors(assignment.authors())
        .setClusterSimilarity((float) assignment.similarity())
        .setRepost(post.getRepostOfId() != null || manualRepost)
        .setOriginalKey(original)
        .build();
  }

  /** The LSH bands {@code cluster} was indexed under, for a memory that forgets it. */
  long[] bandKeys(Cluster cluster) {
    return clusters.bandKeys(cluster);
  }

  /**
   * Who posted, as {@code <source>:<id>} or {@code <source>:@<handle>}; the post's own key when the
   * source gives neither, so that author counts degrade to post counts instead of to nothing.
   */
  public static String author(Post post, String key) {
    if (post.getAuthor() != null) {
      if (post.getAuthor().getId() != null) {
        return post.getSource() + ":" + post.getAuthor().getId();
      }
      if (post.getAuthor().getHandle() != null) {
        return post.getSource() + ":@" + post.getAuthor().getHandle();
      }
    }
    return key;
  }
}
