package io.vigie.devtools.eval;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.ingest.generate.Scenario;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.schema.Alert;
import io.vigie.schema.Post;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.schema.SubjectKey;
import io.vigie.schema.WatchRule;
import io.vigie.streams.detect.Backtest;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.watch.WatchRuleSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Vigie's detectors on generated traffic with planted episodes: three days of French and English
 * chatter; the first day warms the baselines up (as history seeds them in a deployment) and is
 * reported apart; the second is background only, where every alert is false; the third carries a
 * crisis, a bad buzz and an astroturf burst, hours apart. The brands of the bad buzz and the
 * astroturf are watched, as their owners would watch them; the crisis is found through the crisis
 * vocabulary alone.
 *
 * <p>An incident detects an episode when it quotes one of the episode's posts or watches its brand;
 * it is of the right kind when its latest version's kind is the one expected; its latency runs from
 * the episode's first post to the event time its first version was triggered at.
 */
public final class ScenarioEvaluation {

  /**
   * One planted episode and what became of it.
   *
   * @param kind the incident's kind: as it opened for an emerging story (a weak signal is what it
   *     must open as, a spike may follow), as it ended for the others
   * @param leadTime for an emerging story, how long before the spike on its word the weak signal
   *     fired (the spike's {@code weak_signal_lead_ms}), when both happened
   */
  public record Outcome(
      ScenarioGenerator.GroundTruth truth,
      Optional<Alert> incident,
      SignalKind kind,
      Optional<Duration> latency,
      Optional<Duration> leadTime) {

    public boolean detected() {
      return incident.isPresent();
    }

    public boolean rightKind() {
      return kind != null && kind.name().equals(truth.expectedSignal());
    }
  }

  /** The figures for one seed. */
  public record Result(
      long seed,
      int posts,
      List<Outcome> outcomes,
      int warmupAlerts,
      int backgroundAlerts,
      List<Alert> falseAlerts) {}

  static final Duration DAY = Duration.ofDays(1);
  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private final PostEnricher enricher;

  public ScenarioEvaluation(PostEnricher enricher) {
    this.enricher = enricher;
  }

  public Result evaluate(long seed, double postsPerMinute) {
    List<Scenario> scenarios =
        List.of(
            Scenario.parse("crisis@54h"),
            Scenario.parse("bad-buzz@58h"),
            Scenario.parse("astroturf@62h"),
            Scenario.parse("emerging@64h"));
    ScenarioGenerator.Generated generated =
        new ScenarioGenerator(seed, START, DAY.multipliedBy(3), postsPerMinute).generate(scenarios);
    List<WatchRule> rules = new ArrayList<>();
    Map<String, ScenarioGenerator.GroundTruth> byRule = new HashMap<>();
    for (ScenarioGenerator.GroundTruth truth : generated.truth()) {
      if (truth.kind() == Scenario.Kind.BAD_BUZZ || truth.kind() == Scenario.Kind.ASTROTURF) {
        String id = truth.subject().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        rules.add(
            WatchRule.newBuilder()
                .setId(id)
                .setName(truth.subject())
                .setQuery("\"" + truth.subject() + "\"")
                .setLanguages(List.of())
                .setEnabled(true)
                .setUpdatedAt(START)
                .build());
        byRule.put(id, truth);
      }
    }
    Map<String, String> episodeOfPost = new HashMap<>();
    for (Post post : generated.posts()) {
      String label = post.getAttributes().get(ScenarioGenerator.SCENARIO_ATTRIBUTE);
      if (label != null) {
        episodeOfPost.put(ScenarioGenerator.SOURCE + ":" + post.getId(), label);
      }
    }
    Map<String, ScenarioGenerator.GroundTruth> byLabel = new HashMap<>();
    for (int i = 0; i < scenarios.size(); i++) {
      for (ScenarioGenerator.GroundTruth truth : generated.truth()) {
        if (truth.kind() == scenarios.get(i).kind()) {
          byLabel.put(scenarios.get(i).label(), truth);
        }
      }
    }
    Backtest.Results results =
        new HistoryBacktest(
                DetectionSettings.defaults(),
                enricher,
                WatchRuleSet.of(rules, enricher.analysis()::fold))
            .run(generated.posts(), alert -> {});
    Map<String, Alert> latest = new LinkedHashMap<>();
    Map<String, Alert> first = new LinkedHashMap<>();
    Map<String, Set<ScenarioGenerator.GroundTruth>> matched = new HashMap<>();
    for (Alert alert : results.alerts()) {
      latest.put(alert.getId(), alert);
      first.putIfAbsent(alert.getId(), alert);
      Set<ScenarioGenerator.GroundTruth> episodes =
          matched.computeIfAbsent(alert.getId(), id -> new HashSet<>());
      for (SamplePost sample : alert.getSamplePosts()) {
        String label = episodeOfPost.get(sample.getKey());
        if (label != null && byLabel.containsKey(label)) {
          episodes.add(byLabel.get(label));
        }
      }
      for (String rule : alert.getWatchRuleIds()) {
        if (byRule.containsKey(rule)) {
          episodes.add(byRule.get(rule));
        }
      }
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (ScenarioGenerator.GroundTruth truth : generated.truth()) {
      Optional<Alert> incident =
          first.values().stream()
              .filter(a -> matched.get(a.getId()).contains(truth))
              .filter(
                  a -> !a.getFirstSeen().isBefore(truth.firstPostAt().minus(Duration.ofMinutes(5))))
              .findFirst();
      boolean emerging = truth.kind() == Scenario.Kind.EMERGING;
      outcomes.add(
          new Outcome(
              truth,
              incident,
              incident.map(a -> (emerging ? a : latest.get(a.getId())).getKind()).orElse(null),
              incident.map(
                  a ->
                      Duration.between(
                          truth.firstPostAt(),
                          Instant.ofEpochMilli(CrisisLexEvaluation.triggeredAt(a)))),
              emerging ? leadTime(results.signals(), truth.subject()) : Optional.empty()));
    }
    int warmup = 0;
    int background = 0;
    List<Alert> falseAlerts = new ArrayList<>();
    Instant judgedFrom = START.plus(DAY);
    for (Alert alert : first.values()) {
      if (!CrisisLexEvaluation.pages(alert) || !matched.get(alert.getId()).isEmpty()) {
        continue;
      }
      if (alert.getFirstSeen().isBefore(judgedFrom)) {
        warmup++;
      } else {
        falseAlerts.add(latest.get(alert.getId()));
        if (alert.getFirstSeen().isBefore(judgedFrom.plus(DAY))) {
          background++;
        }
      }
    }
    return new Result(seed, generated.posts().size(), outcomes, warmup, background, falseAlerts);
  }

  /** The lead time the first spike on the story's word records, if it records one. */
  private static Optional<Duration> leadTime(List<Signal> signals, String story) {
    String subject = SubjectKey.term(story.toLowerCase(Locale.ROOT));
    return signals.stream()
        .filter(s -> s.getSubjectKey().equals(subject))
        .filter(s -> s.getKind() == SignalKind.SPIKE && s.getPhase() == SignalPhase.OPENED)
        .map(s -> s.getEvidence().getDetails().get("weak_signal_lead_ms"))
        .filter(Objects::nonNull)
        .findFirst()
        .map(ms -> Duration.ofMillis(Long.parseLong(ms)));
  }
}
