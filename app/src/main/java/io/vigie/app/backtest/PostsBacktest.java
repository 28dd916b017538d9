package io.vigie.app.backtest;

import io.vigie.schema.Alert;
import io.vigie.schema.Post;
import io.vigie.schema.WatchRule;
import io.vigie.streams.detect.Backtest;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Posts from history through clustering, enrichment and detection with the given rules, their
 * signals and alerts written to {@code signals.jsonl} and {@code alerts.jsonl}.
 */
public final class PostsBacktest {

  /** What a run produced, and how long the detectors took. */
  public record Outcome(Backtest.Results results, double seconds) {
    /** Alerts at their first version: one per incident. */
    public long incidents() {
      return results.alerts().stream().filter(a -> a.getVersion() == 1).count();
    }
  }

  private final HistoryBacktest backtest;

  public PostsBacktest(DetectionSettings detection, List<WatchRule> rules) {
    PostEnricher enricher = PostEnricher.defaults();
    this.backtest =
        new HistoryBacktest(detection, enricher, WatchRuleSet.of(rules, enricher.analysis()::fold));
  }

  public Outcome run(List<Post> posts, Path output, Consumer<Alert> onAlert) throws IOException {
    long started = System.nanoTime();
    Backtest.Results results = backtest.run(posts, onAlert);
    double seconds = (System.nanoTime() - started) / 1e9;
    BacktestFiles.writeJsonLines(output.resolve("signals.jsonl"), results.signals());
    BacktestFiles.writeJsonLines(output.resolve("alerts.jsonl"), results.alerts());
    return new Outcome(results, seconds);
  }
}
