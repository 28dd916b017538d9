package io.vigie.app.backtest;

import io.vigie.schema.Alert;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.streams.dedup.DedupSettings;
import io.vigie.streams.dedup.InMemoryClusters;
import io.vigie.streams.dedup.PostClustering;
import io.vigie.streams.detect.Backtest;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.detect.Observations;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Posts from history through the same stages as the live pipeline, in one thread and in event-time
 * order: near-duplicate clustering ({@link PostClustering}), enrichment ({@link PostEnricher}, with
 * the given watch rules) and detection ({@link Backtest}). Nothing is rebased: signals and alerts
 * carry the posts' own times.
 */
public final class HistoryBacktest {

  private final DetectionSettings detection;
  private final PostEnricher enricher;
  private final WatchRuleSet rules;

  public HistoryBacktest(DetectionSettings detection, PostEnricher enricher, WatchRuleSet rules) {
    this.detection = detection;
    this.enricher = enricher;
    this.rules = rules;
  }

  /** The settings the detectors run with. */
  public DetectionSettings detection() {
    return detection;
  }

  /** The enricher posts go through (its text analysis tells the subjects a post concerns). */
  public PostEnricher enricher() {
    return enricher;
  }

  /** Runs the posts (sorted here by event time); {@code onAlert} sees each alert as it fires. */
  public Backtest.Results run(List<Post> posts, Consumer<Alert> onAlert) {
    return replay(posts, onAlert).finish();
  }

  /**
   * Runs the posts and stops there, without letting time run on after the last one: what the
   * detectors learned is then as the history left it ({@link Backtest#state}).
   */
  public Backtest replay(List<Post> posts, Consumer<Alert> onAlert) {
    return replay(posts, onAlert, enriched -> {});
  }

  /**
   * {@link #replay(List, Consumer)}, handing each post to {@code onEnriched} as the detectors get
   * it (clustered and enriched), before they judge it: what an evaluation needs to tell which posts
   * each subject counted.
   */
  public Backtest replay(
      List<Post> posts, Consumer<Alert> onAlert, Consumer<EnrichedPost> onEnriched) {
    PostClustering clustering = new PostClustering(DedupSettings.defaults());
    InMemoryClusters memory = new InMemoryClusters();
    Backtest backtest = new Backtest(detection, Observations.of(detection, enricher.analysis()));
    List<Post> ordered = posts.stream().sorted(Comparator.comparing(Post::getCreatedAt)).toList();
    for (Post post : ordered) {
      EnrichedPost unique = unique(post);
      EnrichedPost clustered =
          clustering.assign(unique, post.getCreatedAt().toEpochMilli(), memory);
      EnrichedPost enriched = enricher.enrich(clustered, post.getCreatedAt(), rules);
      onEnriched.accept(enriched);
      backtest.post(enriched).forEach(onAlert);
    }
    return backtest;
  }

  /** A post as the deduplication stage hands it on, before clustering. */
  private static EnrichedPost unique(Post post) {
    return EnrichedPost.newBuilder().setPost(post).setEnrichedAt(post.getCreatedAt()).build();
  }
}
