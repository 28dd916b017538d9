package io.vigie.devtools.eval;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.schema.Alert;
import io.vigie.schema.Post;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.streams.detect.Backtest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Vigie's detectors on a CrisisLex T6 event, with only the vocabulary Vigie ships (no watch rule):
 *
 * <ul>
 *   <li><b>Latency</b>, for an event with a known onset: from the first on-topic post at or after
 *       the onset to the first alert (an incident of severity LOW or above: what pages people)
 *       opened at or after it.
 *   <li><b>False alerts per day</b>: the same run over the event's off-topic posts alone, where
 *       every alert is false.
 *   <li><b>Weak signals</b>: how many, the share whose sample posts are mostly on-topic, and the
 *       lead times recorded when a term's weak signal later became a spike.
 * </ul>
 */
public final class CrisisLexEvaluation {

  /** The figures for one event. */
  public record Result(
      String event,
      int posts,
      int onTopic,
      Instant firstOnTopic,
      Optional<Alert> firstAlert,
      int alerts,
      double offTopicDays,
      int offTopicAlerts,
      int weakSignals,
      int weakSignalsMostlyOnTopic,
      List<Duration> leadTimes) {

    public Optional<Duration> latency() {
      return firstAlert.map(
          a -> Duration.between(firstOnTopic, Instant.ofEpochMilli(triggeredAt(a))));
    }

    public double falseAlertsPerDay() {
      return offTopicDays <= 0 ? 0 : offTopicAlerts / offTopicDays;
    }
  }

  /**
   * Onsets from public chronologies, by the event's name in its file name; progressive events have
   * none.
   */
  private static final Map<String, Instant> ONSETS =
      Map.of(
          "Boston_Bombings", Instant.parse("2013-04-15T18:49:00Z"),
          "West_Texas_Explosion", Instant.parse("2013-04-18T00:50:00Z"),
          "Oklahoma_Tornado", Instant.parse("2013-05-20T19:56:00Z"));

  private final HistoryBacktest backtest;

  public CrisisLexEvaluation(HistoryBacktest backtest) {
    this.backtest = backtest;
  }

  /** Evaluates one event; {@code onset} is empty for progressive events. */
  public Result evaluate(String event, CrisisLexCsv.Contents contents, Optional<Instant> onset) {
    Instant now = Instant.EPOCH;
    List<Post> posts = contents.rows().stream().map(row -> CrisisLexCsv.toPost(row, now)).toList();
    Map<String, Boolean> onTopic = new HashMap<>();
    for (Post post : posts) {
      onTopic.put(
          "twitter:" + post.getId(),
          "on-topic".equals(post.getAttributes().get(CrisisLexCsv.LABEL_ATTRIBUTE)));
    }
    Backtest.Results all = backtest.run(posts, alert -> {});
    Instant from = onset.orElse(Instant.MIN);
    Instant firstOnTopic =
        posts.stream()
            .filter(p -> onTopic.get("twitter:" + p.getId()))
            .map(Post::getCreatedAt)
            .filter(t -> !t.isBefore(from))
            .min(Instant::compareTo)
            .orElse(null);
    Optional<Alert> firstAlert =
        firstOnTopic == null || onset.isEmpty()
            ? Optional.empty()
            : all.alerts().stream()
                .filter(a -> a.getVersion() == 1 && pages(a))
                .filter(a -> triggeredAt(a) >= firstOnTopic.toEpochMilli())
                .findFirst();
    List<Post> offTopic = posts.stream().filter(p -> !onTopic.get("twitter:" + p.getId())).toList();
    double days =
        offTopic.size() < 2
            ? 0
            : Duration.between(
                        offTopic.get(0).getCreatedAt(),
                        offTopic.get(offTopic.size() - 1).getCreatedAt())
                    .toMinutes()
                / 1440.0;
    Backtest.Results quiet = backtest.run(offTopic, alert -> {});
    int falseAlerts =
        (int) quiet.alerts().stream().filter(a -> a.getVersion() == 1 && pages(a)).count();
    int weak = 0;
    int weakOnTopic = 0;
    List<Duration> leads = new ArrayList<>();
    for (Signal signal : all.signals()) {
      if (signal.getKind() == SignalKind.WEAK_SIGNAL) {
        weak++;
        List<String> samples = signal.getEvidence().getSamplePostIds();
        long on = samples.stream().filter(k -> onTopic.getOrDefault(k, false)).count();
        if (!samples.isEmpty() && on * 2 > samples.size()) {
          weakOnTopic++;
        }
      }
      String lead = signal.getEvidence().getDetails().get("weak_signal_lead_ms");
      if (lead != null) {
        leads.add(Duration.ofMillis(Long.parseLong(lead)));
      }
    }
    return new Result(
        event,
        posts.size(),
        (int) onTopic.values().stream().filter(b -> b).count(),
        firstOnTopic,
        firstAlert,
        (int) all.alerts().stream().filter(a -> a.getVersion() == 1 && pages(a)).count(),
        days,
        falseAlerts,
        weak,
        weakOnTopic,
        leads);
  }

  /** The onset of a sudden event named in {@code fileName}; empty for a progressive event. */
  public static Optional<Instant> onset(String fileName) {
    return ONSETS.entrySet().stream()
        .filter(e -> fileName.contains(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst();
  }

  /** The event's name in a CrisisLex T6 file name or path, e.g. {@code 2013_Boston_Bombings}. */
  public static String eventName(String fileName) {
    return fileName.replaceAll(".*/", "").replaceAll("-ontopic_offtopic.*", "");
  }

  /** Reads a CrisisLex T6 file, gzip-compressed when its name ends in {@code .gz}. */
  public static CrisisLexCsv.Contents read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return CrisisLexCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
  }

  /** An alert that pages people: LOW or above (INFO incidents are notes, e.g. weak signals). */
  public static boolean pages(Alert alert) {
    return alert.getSeverity().ordinal() >= Severity.LOW.ordinal();
  }

  static long triggeredAt(Alert alert) {
    String at = alert.getExplanation().getEvidence().getDetails().get("triggered_at_ms");
    return at == null ? alert.getFirstSeen().toEpochMilli() : Long.parseLong(at);
  }
}
