package io.vigie.devtools.eval;

import io.vigie.app.backtest.HistoryBacktest;
import io.vigie.devtools.BundledDatasets;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.schema.Alert;
import io.vigie.schema.Observation;
import io.vigie.schema.Post;
import io.vigie.schema.Severity;
import io.vigie.schema.SubjectKey;
import io.vigie.streams.detect.Backtest;
import io.vigie.streams.detect.Observations;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's incidents judged on or off topic: both bundled CrisisLex samples merged in time order,
 * with the demo's watch rules, through the same detectors as {@code vigie backtest}. An incident is
 * judged by the CrisisLex labels of the posts its subjects counted while it lasted (from its first
 * supporting post to its last signal): {@code global} counts only when it is the incident's only
 * subject. The targets: Boston paged within {@link #BOSTON_PAGE_WITHIN} of its first on-topic post,
 * West Texas paged by an incident of its own within {@link #WEST_TEXAS_PAGE_WITHIN}, and no page on
 * all posts alone or on mostly off-topic posts.
 */
public final class DemoEvaluation {

  /** The bombing, from public chronologies (14:49 EDT). */
  static final Instant BOSTON_ONSET = Instant.parse("2013-04-15T18:49:00Z");

  /** The explosion, from public chronologies (19:50 CDT). */
  static final Instant WEST_TEXAS_ONSET = Instant.parse("2013-04-18T00:50:00Z");

  static final Duration BOSTON_PAGE_WITHIN = Duration.ofMinutes(2);
  static final Duration WEST_TEXAS_PAGE_WITHIN = Duration.ofMinutes(30);

  /** One incident, judged. */
  public record Judged(
      String id,
      Severity severity,
      String kind,
      String title,
      List<String> subjects,
      Instant openedAt,
      Optional<Instant> pagedAt,
      int posts,
      int onTopic,
      String event) {

    public double onTopicShare() {
      return posts == 0 ? 0 : (double) onTopic / posts;
    }

    public boolean mostlyOnTopic() {
      return posts > 0 && onTopic * 2 >= posts;
    }

    public boolean pages() {
      return severity.ordinal() > Severity.INFO.ordinal();
    }

    public boolean allPostsAlone() {
      return subjects.equals(List.of(SubjectKey.GLOBAL));
    }
  }

  /** A target and whether it was met, with what met (or missed) it. */
  public record Target(String name, boolean met, String detail) {}

  /** Everything judged. */
  public record Result(List<Judged> incidents, List<Target> targets) {}

  private final HistoryBacktest backtest;

  public DemoEvaluation(HistoryBacktest backtest) {
    this.backtest = backtest;
  }

  /** Runs the two bundled samples and judges every incident. */
  public Result run() throws IOException {
    return run(
        Map.of(
            "Boston", BundledDatasets.BOSTON_BOMBINGS.read(),
            "West Texas", BundledDatasets.WEST_TEXAS_EXPLOSION.read()));
  }

  Result run(Map<String, CrisisLexCsv.Contents> samples) {
    List<Post> posts = new ArrayList<>();
    Map<String, Boolean> onTopic = new HashMap<>();
    Map<String, String> eventOf = new HashMap<>();
    for (Map.Entry<String, CrisisLexCsv.Contents> sample : samples.entrySet()) {
      for (CrisisLexCsv.Row row : sample.getValue().rows()) {
        Post post = CrisisLexCsv.toPost(row, Instant.EPOCH);
        String key = "twitter:" + post.getId();
        posts.add(post);
        onTopic.put(key, "on-topic".equals(post.getAttributes().get(CrisisLexCsv.LABEL_ATTRIBUTE)));
        eventOf.put(key, sample.getKey());
      }
    }
    // Which posts each subject counted, and when: from the same observations the detectors get.
    Observations observations =
        Observations.of(backtest.detection(), backtest.enricher().analysis());
    Map<String, List<Counted>> counted = new HashMap<>();
    Backtest.Results results =
        backtest
            .replay(
                posts,
                alert -> {},
                enriched -> {
                  for (Observation o : observations.of(enriched)) {
                    counted
                        .computeIfAbsent(o.getSubject(), s -> new ArrayList<>())
                        .add(new Counted(o.getEventTime().toEpochMilli(), o.getPostKey()));
                  }
                })
            .finish();
    Map<String, List<Alert>> versions = new LinkedHashMap<>();
    for (Alert alert : results.alerts()) {
      versions.computeIfAbsent(alert.getId(), id -> new ArrayList<>()).add(alert);
    }
    List<Judged> judged = new ArrayList<>();
    for (List<Alert> incident : versions.values()) {
      judged.add(judge(incident, counted, onTopic, eventOf));
    }
    judged.sort(Comparator.comparing(Judged::openedAt));
    return new Result(judged, targets(judged, posts, onTopic, eventOf));
  }

  private record Counted(long at, String postKey) {}

  private static Judged judge(
      List<Alert> versions,
      Map<String, List<Counted>> counted,
      Map<String, Boolean> onTopic,
      Map<String, String> eventOf) {
    Alert first = versions.get(0);
    Alert last = versions.get(versions.size() - 1);
    Severity severity =
        versions.stream().map(Alert::getSeverity).max(Comparator.naturalOrder()).orElseThrow();
    Optional<Instant> pagedAt =
        versions.stream()
            .filter(a -> a.getSeverity().ordinal() > Severity.INFO.ordinal())
            .map(Alert::getUpdatedAt)
            .findFirst();
    List<String> subjects = last.getSubjectKeys();
    List<String> judgedOn =
        subjects.equals(List.of(SubjectKey.GLOBAL))
            ? subjects
            : subjects.stream().filter(s -> !s.equals(SubjectKey.GLOBAL)).toList();
    long from = last.getFirstSeen().toEpochMilli();
    long to = last.getLastSeen().toEpochMilli();
    Map<String, Boolean> supporting = new LinkedHashMap<>();
    for (String subject : judgedOn) {
      for (Counted c : counted.getOrDefault(subject, List.of())) {
        if (c.at() >= from && c.at() <= to) {
          supporting.put(c.postKey(), onTopic.getOrDefault(c.postKey(), false));
        }
      }
    }
    int on = (int) supporting.values().stream().filter(b -> b).count();
    Map<String, Integer> byEvent = new HashMap<>();
    supporting.forEach(
        (key, isOn) -> {
          if (isOn) {
            byEvent.merge(eventOf.get(key), 1, Integer::sum);
          }
        });
    String event =
        byEvent.entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(Map.Entry::getKey)
            .orElse("");
    return new Judged(
        first.getId(),
        severity,
        last.getKind().name(),
        last.getTitle(),
        subjects,
        first.getUpdatedAt(),
        pagedAt,
        supporting.size(),
        on,
        event);
  }

  private static List<Target> targets(
      List<Judged> incidents,
      List<Post> posts,
      Map<String, Boolean> onTopic,
      Map<String, String> eventOf) {
    List<Target> targets = new ArrayList<>();
    Instant boston = firstOnTopic(posts, onTopic, eventOf, "Boston", BOSTON_ONSET);
    Optional<Judged> bostonPage =
        incidents.stream()
            .filter(j -> j.pages() && j.event().equals("Boston") && j.mostlyOnTopic())
            .filter(j -> !j.pagedAt().orElseThrow().isBefore(boston))
            .min(Comparator.comparing(j -> j.pagedAt().orElseThrow()));
    targets.add(
        within(
            "Boston paged within "
                + BOSTON_PAGE_WITHIN.toMinutes()
                + " min of its first on-topic post ("
                + boston
                + ")",
            boston,
            bostonPage,
            BOSTON_PAGE_WITHIN));
    Instant west = firstOnTopic(posts, onTopic, eventOf, "West Texas", WEST_TEXAS_ONSET);
    Optional<Judged> westPage =
        incidents.stream()
            .filter(j -> j.pages() && j.event().equals("West Texas") && j.mostlyOnTopic())
            .filter(j -> !j.openedAt().isBefore(WEST_TEXAS_ONSET))
            .min(Comparator.comparing(j -> j.pagedAt().orElseThrow()));
    targets.add(
        within(
            "West Texas opens its own incident above INFO within "
                + WEST_TEXAS_PAGE_WITHIN.toMinutes()
                + " min of its first on-topic post ("
                + west
                + ")",
            west,
            westPage,
            WEST_TEXAS_PAGE_WITHIN));
    List<String> chatter =
        incidents.stream()
            .filter(j -> j.pages() && (j.allPostsAlone() || !j.mostlyOnTopic()))
            .map(Judged::id)
            .toList();
    targets.add(
        new Target(
            "No incident above INFO on all posts alone or on mostly off-topic posts",
            chatter.isEmpty(),
            chatter.isEmpty() ? "none" : String.join(", ", chatter)));
    return targets;
  }

  private static Target within(
      String name, Instant firstOnTopic, Optional<Judged> page, Duration limit) {
    if (page.isEmpty()) {
      return new Target(name, false, "no such page");
    }
    Duration latency = Duration.between(firstOnTopic, page.get().pagedAt().orElseThrow());
    return new Target(
        name,
        latency.compareTo(limit) <= 0,
        String.format(
            Locale.ROOT,
            "%s paged %.1f min after it",
            page.get().id(),
            latency.toMillis() / 60_000.0));
  }

  /** The sample's first on-topic post at or after the event's onset. */
  private static Instant firstOnTopic(
      List<Post> posts,
      Map<String, Boolean> onTopic,
      Map<String, String> eventOf,
      String event,
      Instant onset) {
    return posts.stream()
        .filter(p -> event.equals(eventOf.get("twitter:" + p.getId())))
        .filter(p -> onTopic.get("twitter:" + p.getId()))
        .map(Post::getCreatedAt)
        .filter(t -> !t.isBefore(onset))
        .min(Instant::compareTo)
        .orElseThrow();
  }
}
