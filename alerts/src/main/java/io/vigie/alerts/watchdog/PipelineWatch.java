package io.vigie.alerts.watchdog;

import io.vigie.schema.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Vigie watching itself, so that "no posts" never looks like "no crisis": a source gone silent,
 * consumer lag growing, dead letters above their normal rate, Elasticsearch unreachable. Fed facts
 * as they are sampled, it answers which problems opened or ended since the last evaluation. Pure:
 * no clock and no I/O, so that it is tested on made-up timelines; {@link Watchdog} samples the real
 * pipeline and publishes the answers as operational alerts.
 */
public final class PipelineWatch {

  /** What the watch looks for. */
  public enum Problem {
    SOURCE_SILENT,
    LAG_GROWING,
    DEAD_LETTERS,
    ELASTICSEARCH_UNREACHABLE
  }

  /**
   * Thresholds: a source is silent after {@code sourceSilence} without a post, once it had posted
   * at least {@code sourceMinPosts} times in the hour before; lag is growing when it stayed at or
   * above {@code lagThreshold} and rose across a whole {@code lagWindow}; dead letters are above
   * normal when a {@code deadLetterWindow} brings at least {@code deadLetterFloor} of them and
   * {@code deadLetterFactor} times the usual count; Elasticsearch is unreachable after {@code
   * elasticsearchFailures} failed probes in a row.
   */
  public record Settings(
      Duration sourceSilence,
      int sourceMinPosts,
      long lagThreshold,
      Duration lagWindow,
      Duration deadLetterWindow,
      int deadLetterFloor,
      double deadLetterFactor,
      int elasticsearchFailures) {

    public static Settings defaults() {
      return new Settings(
          Duration.ofMinutes(10),
          10,
          10_000,
          Duration.ofMinutes(5),
          Duration.ofMinutes(5),
          20,
          5.0,
          3);
    }
  }

  /**
   * A problem that opened ({@code open}) or ended, about a subject (a source, a consumer group, a
   * stage, or "elasticsearch"), with the figures that explain it.
   */
  public record Finding(
      Problem problem,
      String subject,
      boolean open,
      Instant since,
      Severity severity,
      double observed,
      double expected,
      String summary,
      String summaryFr) {}

  private record Sample(Instant at, long value) {}

  private final Settings settings;
  private final Map<String, Deque<Sample>> sourcePosts = new HashMap<>();
  private final Map<String, Instant> sourceLastPost = new HashMap<>();
  private final Map<String, Deque<Sample>> lags = new HashMap<>();
  private final Map<String, Deque<Sample>> deadLetters = new HashMap<>();
  private final Map<String, Double> usualDeadLetters = new HashMap<>();
  private int elasticsearchFailuresInARow;
  private String elasticsearchDetail = "";
  private Instant elasticsearchFirstFailure;
  private final Map<String, Finding> open = new HashMap<>();

  public PipelineWatch(Settings settings) {
    this.settings = Objects.requireNonNull(settings);
  }

  /** {@code count} posts of {@code source} arrived in the interval ending {@code at}. */
  public void posts(String source, long count, Instant at) {
    Deque<Sample> samples = sourcePosts.computeIfAbsent(source, s -> new ArrayDeque<>());
    samples.addLast(new Sample(at, count));
    while (samples.peekFirst().at().isBefore(at.minus(Duration.ofHours(1)))) {
      samples.pollFirst();
    }
    if (count > 0) {
      sourceLastPost.put(source, at);
    }
  }

  /** A consumer group's lag, sampled at {@code at}. */
  public void lag(String group, long lag, Instant at) {
    Deque<Sample> samples = lags.computeIfAbsent(group, g -> new ArrayDeque<>());
    samples.addLast(new Sample(at, lag));
    trim(samples, at.minus(settings.lagWindow()));
  }

  /** The number of dead letters a stage has written in all, sampled at {@code at}. */
  public void deadLetters(String stage, long total, Instant at) {
    Deque<Sample> samples = deadLetters.computeIfAbsent(stage, s -> new ArrayDeque<>());
    samples.addLast(new Sample(at, total));
    trim(samples, at.minus(settings.deadLetterWindow()));
  }

  /** The answer of one Elasticsearch probe. */
  public void elasticsearch(boolean reachable, String detail, Instant at) {
    if (reachable) {
      elasticsearchFailuresInARow = 0;
      elasticsearchFirstFailure = null;
    } else {
      if (elasticsearchFailuresInARow++ == 0) {
        elasticsearchFirstFailure = at;
      }
      elasticsearchDetail = detail;
    }
  }

  /**
   * Problems restored from alerts already published (after a restart), so they are not opened
   * twice.
   */
  public void restore(Finding finding) {
    if (finding.open()) {
      open.put(key(finding.problem(), finding.subject()), finding);
    }
  }

  /** Problems open now. */
  public int openProblems() {
    return open.size();
  }

  /** The problems that opened or ended since the last call, as of {@code now}. */
  public List<Finding> evaluate(Instant now) {
    List<Finding> changes = new ArrayList<>();
    sourcePosts.keySet().forEach(source -> judgeSource(source, now, changes));
    lags.keySet().forEach(group -> judgeLag(group, now, changes));
    deadLetters.keySet().forEach(stage -> judgeDeadLetters(stage, now, changes));
    judgeElasticsearch(now, changes);
    return changes;
  }

  private void judgeSource(String source, Instant now, List<Finding> changes) {
    Instant last = sourceLastPost.get(source);
    if (last == null) {
      return; // never posted: nothing to miss
    }
    Duration quiet = Duration.between(last, now);
    boolean silent = quiet.compareTo(settings.sourceSilence()) >= 0;
    if (!silent) {
      close(Problem.SOURCE_SILENT, source, now, changes);
      return;
    }
    long recent = sourcePosts.get(source).stream().mapToLong(Sample::value).sum();
    if (recent < settings.sourceMinPosts()) {
      return; // too quiet before to tell silence from a lull
    }
    double expected = recent * quiet.toSeconds() / 3600.0;
    long minutes = quiet.toMinutes();
    openOnce(
        new Finding(
            Problem.SOURCE_SILENT,
            source,
            true,
            last,
            Severity.HIGH,
            0,
            expected,
            String.format(
                Locale.ROOT,
                "No post from source %s for %d min (%d in the hour before): no posts is not no crisis,"
                    + " check the source.",
                source,
                minutes,
                recent),
            String.format(
                Locale.ROOT,
                "Aucun message de la source %s depuis %d min (%d dans l'heure d'avant) : pas de"
                    + " message ne veut pas dire pas de crise, vérifiez la source.",
                source,
                minutes,
                recent)),
        changes);
  }

  private void judgeLag(String group, Instant now, List<Finding> changes) {
    Deque<Sample> samples = lags.get(group);
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    if (last.value() < settings.lagThreshold() / 2) {
      close(Problem.LAG_GROWING, group, now, changes);
      return;
    }
    boolean wholeWindow =
        !first.at().isAfter(last.at().minus(settings.lagWindow())) && samples.size() >= 3;
    // Lag dips a little between commits: rising means no sample below 95% of the one before.
    boolean rising = true;
    long previous = 0;
    for (Sample sample : samples) {
      rising &= sample.value() >= 0.95 * previous && sample.value() >= settings.lagThreshold();
      previous = sample.value();
    }
    if (wholeWindow && rising && last.value() > first.value()) {
      openOnce(
          new Finding(
              Problem.LAG_GROWING,
              group,
              true,
              first.at(),
              Severity.MEDIUM,
              last.value(),
              first.value(),
              String.format(
                  Locale.ROOT,
                  "Consumer group %s is falling behind: lag %,d, up from %,d %d min ago; alerts"
                      + " come late until it catches up.",
                  group,
                  last.value(),
                  first.value(),
                  Duration.between(first.at(), last.at()).toMinutes()),
              String.format(
                  Locale.ROOT,
                  "Le groupe %s prend du retard : %,d messages en attente, contre %,d il y a %d min"
                      + " ; les alertes arrivent en retard tant qu'il ne rattrape pas.",
                  group,
                  last.value(),
                  first.value(),
                  Duration.between(first.at(), last.at()).toMinutes())),
          changes);
    }
  }

  private void judgeDeadLetters(String stage, Instant now, List<Finding> changes) {
    Deque<Sample> samples = deadLetters.get(stage);
    Sample first = samples.peekFirst();
    Sample last = samples.peekLast();
    if (samples.size() < 2 || first.at().isAfter(last.at().minus(settings.deadLetterWindow()))) {
      return; // not a whole window yet
    }
    long recent = Math.max(0, last.value() - first.value());
    double usual = usualDeadLetters.getOrDefault(stage, 0.0);
    double limit = Math.max(settings.deadLetterFloor(), settings.deadLetterFactor() * usual);
    if (recent >= limit) {
      long minutes = settings.deadLetterWindow().toMinutes();
      openOnce(
          new Finding(
              Problem.DEAD_LETTERS,
              stage,
              true,
              first.at(),
              Severity.MEDIUM,
              recent,
              usual,
              String.format(
                  Locale.ROOT,
                  "%d dead letters from %s in %d min, against %.1f usually: inspect them with vigie"
                      + " dlq list.",
                  recent,
                  stage,
                  minutes,
                  usual),
              String.format(
                  Locale.ROOT,
                  "%d lettres mortes de %s en %d min, contre %.1f d'habitude : voir vigie dlq list.",
                  recent,
                  stage,
                  minutes,
                  usual)),
          changes);
    } else {
      if (recent <= limit / 2) {
        close(Problem.DEAD_LETTERS, stage, now, changes);
        // The usual count learns only from clearly normal windows, so that a flood building up
        // does not become the norm before it crosses the limit.
        usualDeadLetters.put(stage, usual + 0.1 * (recent - usual));
      }
    }
  }

  private void judgeElasticsearch(Instant now, List<Finding> changes) {
    if (elasticsearchFailuresInARow == 0) {
      close(Problem.ELASTICSEARCH_UNREACHABLE, "elasticsearch", now, changes);
    } else if (elasticsearchFailuresInARow >= settings.elasticsearchFailures()) {
      openOnce(
          new Finding(
              Problem.ELASTICSEARCH_UNREACHABLE,
              "elasticsearch",
              true,
              elasticsearchFirstFailure,
              Severity.HIGH,
              elasticsearchFailuresInARow,
              0,
              "Elasticsearch does not answer ("
                  + elasticsearchDetail
                  + "): posts and alerts wait in Kafka, nothing is lost, but searches and feeds are"
                  + " stale.",
              "Elasticsearch ne répond pas ("
                  + elasticsearchDetail
                  + ") : messages et alertes attendent dans Kafka, rien n'est perdu, mais recherches"
                  + " et flux ne sont plus à jour."),
          changes);
    }
  }

  private void openOnce(Finding finding, List<Finding> changes) {
    String key = key(finding.problem(), finding.subject());
    if (open.putIfAbsent(key, finding) == null) {
      changes.add(finding);
    }
  }

  private void close(Problem problem, String subject, Instant now, List<Finding> changes) {
    Finding opened = open.remove(key(problem, subject));
    if (opened != null) {
      changes.add(
          new Finding(
              problem,
              subject,
              false,
              opened.since(),
              opened.severity(),
              opened.observed(),
              opened.expected(),
              opened.summary(),
              opened.summaryFr()));
    }
  }

  /** Drops what a window no longer needs, keeping one sample at or before its start. */
  private static void trim(Deque<Sample> samples, Instant from) {
    while (samples.size() > 2) {
      Iterator<Sample> oldest = samples.iterator();
      oldest.next();
      if (oldest.next().at().isAfter(from)) {
        return;
      }
      samples.pollFirst();
    }
  }

  private static String key(Problem problem, String subject) {
    return problem + "|" + subject;
  }
}
