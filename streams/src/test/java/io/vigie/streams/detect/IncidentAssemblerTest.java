package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentAssemblerTest {

  private static final long T0 = Instant.parse("2026-03-02T12:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  private final IncidentAssembler assembler =
      new IncidentAssembler(DetectionSettings.defaults().incidents());

  private static Signal signal(
      SignalKind kind,
      SignalPhase phase,
      String subject,
      long at,
      double observed,
      List<String> terms) {
    return Findings.signal(
        kind,
        phase,
        subject,
        MINUTE,
        T0,
        at,
        at + MINUTE,
        observed,
        0.5,
        6,
        T0,
        at,
        at,
        Evidence.newBuilder()
            .setTopTerms(terms)
            .setSamplePosts(
                List.of(
                    SamplePost.newBuilder()
                        .setKey("test:" + subject)
                        .setTextExcerpt("text of " + subject)
                        .setCreatedAt(Instant.ofEpochMilli(T0))
                        .build()))
            .setDetails(Map.of("posts", Long.toString((long) observed)))
            .build());
  }

  @Test
  void relatedSignalsMergeIntoOneIncidentWhoseVersionsCount() {
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(
        assembler.onSignal(
            signal(
                SignalKind.SPIKE,
                SignalPhase.OPENED,
                "crisis",
                T0,
                5,
                List.of("explosion", "marathon")),
            T0));
    alerts.addAll(
        assembler.onSignal(
            signal(
                SignalKind.SPIKE,
                SignalPhase.OPENED,
                "term:explosion",
                T0 + MINUTE,
                4,
                List.of("marathon")),
            T0 + MINUTE));

    assertThat(alerts).extracting(Alert::getId).containsOnly(alerts.get(0).getId());
    assertThat(alerts).extracting(Alert::getVersion).containsExactly(1, 2);
    assertThat(alerts.get(1).getSubjectKeys()).containsExactly("crisis", "term:explosion");
    assertThat(alerts.get(1).getSamplePosts()).hasSize(2);
  }

  @Test
  void unrelatedSignalsOpenIncidentsOfTheirOwn() {
    Alert first =
        assembler
            .onSignal(
                signal(SignalKind.SPIKE, SignalPhase.OPENED, "rule:acme", T0, 9, List.of("refund")),
                T0)
            .get(0);
    Alert second =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE, SignalPhase.OPENED, "rule:other", T0, 9, List.of("concert")),
                T0)
            .get(0);

    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getVersion()).isEqualTo(1);
  }

  @Test
  void theSameSignalsGiveTheSameIncidentIds() {
    IncidentAssembler again = new IncidentAssembler(DetectionSettings.defaults().incidents());
    Signal opening = signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of());

    assertThat(again.onSignal(opening, T0 + 999).get(0).getId())
        .isEqualTo(assembler.onSignal(opening, T0).get(0).getId());
  }

  @Test
  void anIncidentResolvesOnceItsEpisodesEndedAndItWentQuiet() {
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0);
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.CLOSED, "crisis", T0 + 10 * MINUTE, 0, List.of()), T0);

    assertThat(assembler.advance(T0 + 50 * MINUTE, T0))
        .as("an hour of quiet is not over")
        .isEmpty();
    List<Alert> resolved = assembler.advance(T0 + 61 * MINUTE, T0);

    assertThat(resolved)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.RESOLVED);
              assertThat(a.getVersion()).isEqualTo(2);
            });
    assertThat(assembler.openAlerts()).isEmpty();
  }

  @Test
  void theEndOfAnEpisodeDoesNotKeepItsIncidentOpenToNewcomers() {
    // The race's chatter on a watched rule in the morning, its episode ending in the evening; a
    // crisis whose posts match the same rule must not join the morning's incident.
    Alert chatter =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "rule:marathon",
                    T0,
                    9,
                    List.of("boston", "marathon", "race")),
                T0)
            .get(0);
    assembler.onSignal(
        signal(
            SignalKind.SPIKE,
            SignalPhase.CLOSED,
            "rule:marathon",
            T0 + 300 * MINUTE,
            0,
            List.of("boston", "marathon", "race")),
        T0);

    Alert crisis =
        assembler
            .onSignal(
                withRules(
                    signal(
                        SignalKind.SPIKE,
                        SignalPhase.OPENED,
                        "crisis",
                        T0 + 330 * MINUTE,
                        3,
                        List.of("boston", "marathon", "race", "explosion")),
                    "marathon"),
                T0)
            .get(0);

    assertThat(crisis.getId()).isNotEqualTo(chatter.getId());
    assertThat(crisis.getVersion()).isEqualTo(1);
  }

  @Test
  void anOpenEpisodeKeepsItsIncidentOpen() {
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0);

    assertThat(assembler.advance(T0 + 600 * MINUTE, T0)).isEmpty();
  }

  @Test
  void aPersonsActionBecomesTheNextVersionWithWhoDidIt() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);

    List<Alert> acknowledged =
        assembler.onAction(
            AlertAction.newBuilder()
                .setAlertId(opened.getId())
                .setAction(AlertActionKind.ACKNOWLEDGE)
                .setActor("marie")
                .setActedAt(Instant.ofEpochMilli(T0 + MINUTE))
                .build(),
            T0 + MINUTE);

    assertThat(acknowledged)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.ACKNOWLEDGED);
              assertThat(a.getVersion()).isEqualTo(2);
              assertThat(a.getLastActionBy()).isEqualTo("marie");
            });
  }

  @Test
  void aWeakSignalAloneInformsAndAWatchedCrisisPages() {
    Alert weak =
        assembler
            .onSignal(
                signal(SignalKind.WEAK_SIGNAL, SignalPhase.OPENED, "term:flood", T0, 6, List.of()),
                T0)
            .get(0);
    Alert crisis =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "crisis",
                    T0 + 300 * MINUTE,
                    6,
                    List.of()),
                T0)
            .get(0);

    assertThat(weak.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(crisis.getSeverity().ordinal()).isGreaterThanOrEqualTo(Severity.HIGH.ordinal());
  }

  @Test
  void aViralPostSeenByAHundredThousandPeopleRanksAboveAnObscureOne() {
    Signal obscure =
        signal(SignalKind.VIRAL_POST, SignalPhase.OPENED, "cluster:a", T0, 25, List.of());
    Signal wide = signal(SignalKind.VIRAL_POST, SignalPhase.OPENED, "cluster:b", T0, 25, List.of());
    Signal seenWidely =
        Signal.newBuilder(wide)
            .setEvidence(
                Evidence.newBuilder(wide.getEvidence())
                    .setDetails(
                        Map.of("posts", "25", "reach", Long.toString(IncidentSeverity.WIDE_REACH)))
                    .build())
            .build();

    Alert low = assembler.onSignal(obscure, T0).get(0);
    Alert raised = assembler.onSignal(seenWidely, T0).get(0);

    assertThat(low.getSeverity()).isEqualTo(Severity.LOW);
    assertThat(raised.getSeverity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void anIncidentSurvivesASnapshotAndRestore() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);
    IncidentAssembler restored = new IncidentAssembler(DetectionSettings.defaults().incidents());

    restored.restore(assembler.snapshot(List.of(opened.getId())).get(opened.getId()));
    List<Alert> next =
        restored.onSignal(
            signal(SignalKind.SPIKE, SignalPhase.UPDATED, "crisis", T0 + MINUTE, 50, List.of()),
            T0);

    assertThat(next)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getId()).isEqualTo(opened.getId());
              assertThat(a.getVersion()).isEqualTo(2);
            });
  }

  /** The same signal with these watch rules in its evidence (most matched first). */
  private static Signal withRules(Signal signal, String... rules) {
    return Signal.newBuilder(signal)
        .setEvidence(
            Evidence.newBuilder(signal.getEvidence()).setWatchRuleIds(List.of(rules)).build())
        .build();
  }

  /** The same term signal, its term's usual share of original posts as the detectors know it. */
  private static Signal withUsualShare(Signal signal, double share) {
    Map<String, String> details = new java.util.HashMap<>(signal.getEvidence().getDetails());
    details.put(SubjectDetector.USUAL_SHARE, Double.toString(share));
    return Signal.newBuilder(signal)
        .setEvidence(Evidence.newBuilder(signal.getEvidence()).setDetails(details).build())
        .build();
  }

  @Test
  void aRiseOfAllPostsAloneIsANoteHoweverLarge() {
    Alert small =
        assembler
            .onSignal(
                signal(SignalKind.SPIKE, SignalPhase.OPENED, "global", T0, 6, List.of("good")), T0)
            .get(0);
    Alert large =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE, SignalPhase.UPDATED, "global", T0 + MINUTE, 900, List.of()),
                T0 + MINUTE)
            .get(0);

    assertThat(small.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(large.getId()).as("the same episode").isEqualTo(small.getId());
    assertThat(large.getSeverity()).isEqualTo(Severity.INFO);
  }

  @Test
  void aRiseOfAllPostsDoesNotJoinACrisisThroughEverythingButThroughItsWatchRule() {
    Alert crisis =
        assembler
            .onSignal(
                withRules(
                    signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 6, List.of()),
                    "harbour"),
                T0)
            .get(0);

    Alert chatter =
        assembler
            .onSignal(
                signal(SignalKind.SPIKE, SignalPhase.OPENED, "global", T0 + MINUTE, 6, List.of()),
                T0 + MINUTE)
            .get(0);
    Alert aboutIt =
        assembler
            .onSignal(
                withRules(
                    signal(
                        SignalKind.SPIKE,
                        SignalPhase.OPENED,
                        "global",
                        T0 + 2 * MINUTE,
                        90,
                        List.of()),
                    "harbour"),
                T0 + 2 * MINUTE)
            .get(0);

    assertThat(chatter.getId()).isNotEqualTo(crisis.getId());
    assertThat(chatter.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(aboutIt.getId()).isEqualTo(crisis.getId());
  }

  @Test
  void aSecondCrisisOpensItsOwnIncidentThoughBothUseCrisisWords() {
    Alert first =
        assembler
            .onSignal(
                withRules(
                    signal(
                        SignalKind.SPIKE,
                        SignalPhase.OPENED,
                        "crisis",
                        T0,
                        8,
                        List.of("explosion")),
                    "harbour"),
                T0)
            .get(0);
    Signal laterEpisode =
        withRules(
            signal(
                SignalKind.SPIKE,
                SignalPhase.OPENED,
                "crisis",
                T0 + 30 * MINUTE,
                8,
                List.of("explosion")),
            "plant");
    Alert second =
        assembler
            .onSignal(
                Signal.newBuilder(laterEpisode)
                    .setId("spike:60s:crisis@" + Instant.ofEpochMilli(T0 + 30 * MINUTE))
                    .build(),
                T0 + 30 * MINUTE)
            .get(0);

    assertThat(second.getId()).isNotEqualTo(first.getId());
    assertThat(second.getSeverity().ordinal()).isGreaterThan(Severity.INFO.ordinal());
  }

  @Test
  void aCommonWordDoesNotJoinTwoStoriesButARareOneDoes() {
    Alert aftermath =
        assembler
            .onSignal(
                withUsualShare(
                    signal(
                        SignalKind.SPIKE, SignalPhase.OPENED, "term:explosion", T0, 30, List.of()),
                    0.05),
                T0)
            .get(0);
    Alert elsewhere =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "rule:plant",
                    T0 + MINUTE,
                    6,
                    List.of("explosion", "fertilizer")),
                T0 + MINUTE)
            .get(0);
    Alert rare =
        assembler
            .onSignal(
                withUsualShare(
                    signal(
                        SignalKind.SPIKE,
                        SignalPhase.OPENED,
                        "term:fertilizer",
                        T0 + 2 * MINUTE,
                        30,
                        List.of("explosion")),
                    0.0001),
                T0 + 2 * MINUTE)
            .get(0);

    assertThat(elsewhere.getId()).isNotEqualTo(aftermath.getId());
    assertThat(rare.getId()).isEqualTo(elsewhere.getId());
  }

  @Test
  void theRestOfAnEpisodeFollowsItsOpeningThoughCrisisWordsLinkNothing() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 6, List.of()), T0)
            .get(0);
    Alert grown =
        assembler
            .onSignal(
                signal(SignalKind.SPIKE, SignalPhase.UPDATED, "crisis", T0 + MINUTE, 12, List.of()),
                T0 + MINUTE)
            .get(0);

    assertThat(grown.getId()).isEqualTo(opened.getId());
    assertThat(grown.getVersion()).isEqualTo(2);
  }

  @Test
  void aRiseTooSmallForAPersonDoesNotPageUntilItGrows() {
    // Two posts against half a post expected: 1.5 above the expectation, under the 2 a watch
    // rule needs by default.
    Alert small =
        assembler
            .onSignal(
                signal(SignalKind.SPIKE, SignalPhase.OPENED, "rule:acme", T0, 2, List.of()), T0)
            .get(0);
    Alert grown =
        assembler
            .onSignal(
                signal(
                    SignalKind.SPIKE, SignalPhase.UPDATED, "rule:acme", T0 + MINUTE, 4, List.of()),
                T0 + MINUTE)
            .get(0);

    assertThat(small.getSeverity()).isEqualTo(Severity.INFO);
    assertThat(grown.getId()).isEqualTo(small.getId());
    assertThat(grown.getSeverity()).isEqualTo(Severity.MEDIUM);
  }

  @Test
  void whatLinksAndPagesSurvivesASnapshotAndRestore() {
    Alert opened =
        assembler
            .onSignal(
                withRules(
                    signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 6, List.of()),
                    "harbour"),
                T0)
            .get(0);
    IncidentAssembler restored = new IncidentAssembler(DetectionSettings.defaults().incidents());
    restored.restore(assembler.snapshot(List.of(opened.getId())).get(opened.getId()));

    Alert joined =
        restored
            .onSignal(
                signal(
                    SignalKind.WEAK_SIGNAL,
                    SignalPhase.OPENED,
                    "rule:harbour",
                    T0 + MINUTE,
                    5,
                    List.of()),
                T0 + MINUTE)
            .get(0);

    assertThat(joined.getId()).as("through the watch rule").isEqualTo(opened.getId());
    assertThat(joined.getSeverity())
        .as("the crisis's excess still pages")
        .isEqualTo(opened.getSeverity());
  }

  @Test
  void theEffectSizeAPageNeedsIsSetPerClassOfSubject() {
    DetectionSettings.Incidents defaults = DetectionSettings.defaults().incidents();
    IncidentAssembler strict =
        new IncidentAssembler(
            new DetectionSettings.Incidents(
                defaults.mergeWindow(),
                defaults.commonTermShare(),
                defaults.quietPeriod(),
                new DetectionSettings.Paging(50, 20, 2, 5, 10)));
    Signal crisis = signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 6, List.of());
    Signal rule = signal(SignalKind.SPIKE, SignalPhase.OPENED, "rule:acme", T0, 6, List.of());

    assertThat(strict.onSignal(crisis, T0).get(0).getSeverity()).isEqualTo(Severity.INFO);
    assertThat(strict.onSignal(rule, T0).get(0).getSeverity()).isEqualTo(Severity.MEDIUM);
  }

  /** A volume signal whose CUSUM rose over {@code windowPosts} posts in {@code windowMinutes}. */
  private static Signal withEvidenceWindow(
      Signal signal, long windowPosts, double windowExpected, long windowMinutes) {
    Map<String, String> details = new java.util.HashMap<>(signal.getEvidence().getDetails());
    details.put("window_posts", Long.toString(windowPosts));
    details.put("window_expected", Double.toString(windowExpected));
    details.put("window_minutes", Long.toString(windowMinutes));
    return Signal.newBuilder(signal)
        .setEvidence(Evidence.newBuilder(signal.getEvidence()).setDetails(details).build())
        .build();
  }

  @Test
  void aSparseKeyOpeningOnOnePostPagesForTheWindowItCompletesAndSaysSo() {
    // The crisis key opens on one post in its minute, the seventh in 24 minutes against half a
    // post expected: the bucket alone is 0.5 above the expectation, the window 6.5.
    Signal opening =
        withEvidenceWindow(
            signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 1, List.of()), 7, 0.5, 24);

    Alert alert = assembler.onSignal(opening, T0).get(0);

    assertThat(alert.getSeverity()).isNotEqualTo(Severity.INFO);
    assertThat(alert.getSummary()).startsWith("7 posts in 24 min against 0.5 expected");
  }

  @Test
  void aWindowNoLargerThanTheBucketLeavesTheBucketsFigures() {
    Signal opening =
        withEvidenceWindow(
            signal(SignalKind.SPIKE, SignalPhase.OPENED, "rule:acme", T0, 1, List.of()), 1, 0.5, 1);

    Alert alert = assembler.onSignal(opening, T0).get(0);

    assertThat(alert.getSummary()).startsWith("1 post in 1 min against 0.5 expected");
    assertThat(alert.getSeverity()).as("0.5 post above the expectation").isEqualTo(Severity.INFO);
  }

  /** A signal whose evidence counts {@code posts}, {@code coordinated} of them flagged copies. */
  private static Signal volume(
      SignalKind kind,
      SignalPhase phase,
      String subject,
      long at,
      long posts,
      long coordinated,
      List<String> clusters) {
    Signal plain = signal(kind, phase, subject, at, posts, List.of("storm"));
    return Signal.newBuilder(plain)
        .setEvidence(
            Evidence.newBuilder(plain.getEvidence())
                .setClusterIds(clusters)
                .setDetails(
                    Map.of(
                        "posts",
                        Long.toString(posts),
                        "coordinated_posts",
                        Long.toString(coordinated),
                        "organic_posts",
                        Long.toString(posts - coordinated)))
                .build())
        .build();
  }

  private static IncidentSplit split(Alert alert) {
    return IncidentSplit.of(alert).orElseThrow();
  }

  @Test
  void aSpikeReportsItsCoordinatedCopiesApartFromOrganicPosts() {
    Alert alert =
        assembler
            .onSignal(
                volume(SignalKind.SPIKE, SignalPhase.OPENED, "global", T0, 100, 30, List.of()), T0)
            .get(0);

    assertThat(split(alert)).isEqualTo(new IncidentSplit(100, 30));
    Map<String, String> details = alert.getExplanation().getEvidence().getDetails();
    assertThat(details)
        .containsEntry(IncidentSplit.ORGANIC, "70")
        .containsEntry(IncidentSplit.COORDINATED, "30")
        .containsEntry(IncidentSplit.SHARE, "0.3");
    assertThat(alert.getSummary())
        .endsWith("100 posts in all: 70 organic, 30 coordinated copies (30%).");
  }

  @Test
  void anIncidentOpenedByCoordinationAloneIsAllCoordinated() {
    // The per-post flags miss the first copies (a cluster is not yet coordinated when they come);
    // the coordination signal's finding is that all of them are.
    Alert alert =
        assembler
            .onSignal(
                volume(
                    SignalKind.COORDINATION,
                    SignalPhase.OPENED,
                    "cluster:c1",
                    T0,
                    25,
                    15,
                    List.of("c1")),
                T0)
            .get(0);

    assertThat(alert.getKind()).isEqualTo(SignalKind.COORDINATION);
    assertThat(split(alert)).isEqualTo(new IncidentSplit(25, 25));
    assertThat(alert.getExplanation().getEvidence().getDetails())
        .containsEntry(IncidentSplit.SHARE, "1.0");
  }

  @Test
  void aWeakSignalAViralPostAndASentimentShiftCountTheirPosts() {
    Alert weak =
        assembler
            .onSignal(
                volume(
                    SignalKind.WEAK_SIGNAL, SignalPhase.OPENED, "term:flood", T0, 12, 0, List.of()),
                T0)
            .get(0);
    IncidentAssembler other = new IncidentAssembler(DetectionSettings.defaults().incidents());
    Alert viral =
        other
            .onSignal(
                volume(
                    SignalKind.VIRAL_POST,
                    SignalPhase.OPENED,
                    "cluster:v1",
                    T0,
                    50,
                    0,
                    List.of("v1")),
                T0)
            .get(0);
    Alert shift =
        new IncidentAssembler(DetectionSettings.defaults().incidents())
            .onSignal(
                volume(
                    SignalKind.SENTIMENT_SHIFT,
                    SignalPhase.OPENED,
                    "crisis",
                    T0,
                    40,
                    10,
                    List.of()),
                T0)
            .get(0);

    assertThat(split(weak)).isEqualTo(new IncidentSplit(12, 0));
    assertThat(weak.getSummary()).as("all organic: nothing to add").doesNotContain("coordinated");
    assertThat(split(viral)).isEqualTo(new IncidentSplit(50, 0));
    assertThat(split(shift)).isEqualTo(new IncidentSplit(40, 10));
  }

  @Test
  void aSpikeOnAHashtagAndCoordinatedCopiesAddUpWithoutCountingAPostTwice() {
    // Hashtags see only a cluster's first post; the cluster sees its copies: they add up.
    assembler.onSignal(
        volume(SignalKind.SPIKE, SignalPhase.OPENED, "hashtag:storm", T0, 60, 0, List.of("c1")),
        T0);
    Alert mixed =
        assembler
            .onSignal(
                volume(
                    SignalKind.COORDINATION,
                    SignalPhase.OPENED,
                    "cluster:c1",
                    T0 + MINUTE,
                    40,
                    30,
                    List.of("c1")),
                T0 + MINUTE)
            .get(0);
    assertThat(split(mixed)).isEqualTo(new IncidentSplit(100, 40));

    // Everything sees both: a spike of all posts adds nothing it does not already count...
    Alert broad =
        assembler
            .onSignal(
                volume(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "global",
                    T0 + 2 * MINUTE,
                    90,
                    40,
                    List.of("c1")),
                T0 + 2 * MINUTE)
            .get(0);
    assertThat(broad.getId()).isEqualTo(mixed.getId());
    assertThat(split(broad)).isEqualTo(new IncidentSplit(100, 40));
  }

  @Test
  void aSpikeOfAllPostsLargerThanItsPartsIsTheWidestViewOfTheIncident() {
    assembler.onSignal(
        volume(SignalKind.SPIKE, SignalPhase.OPENED, "hashtag:storm", T0, 60, 0, List.of("c1")),
        T0);
    assembler.onSignal(
        volume(
            SignalKind.COORDINATION,
            SignalPhase.OPENED,
            "cluster:c1",
            T0 + MINUTE,
            40,
            30,
            List.of("c1")),
        T0 + MINUTE);

    Alert broad =
        assembler
            .onSignal(
                volume(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "global",
                    T0 + 2 * MINUTE,
                    300,
                    45,
                    List.of("c1")),
                T0 + 2 * MINUTE)
            .get(0);

    assertThat(split(broad)).isEqualTo(new IncidentSplit(300, 45));
  }

  @Test
  void anEpisodesLaterFiguresReplaceItsEarlierOnesInsteadOfAddingUp() {
    assembler.onSignal(
        volume(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 20, 5, List.of()), T0);
    Alert grown =
        assembler
            .onSignal(
                volume(
                    SignalKind.SPIKE,
                    SignalPhase.UPDATED,
                    "crisis",
                    T0 + MINUTE,
                    50,
                    10,
                    List.of()),
                T0 + MINUTE)
            .get(0);

    assertThat(split(grown)).isEqualTo(new IncidentSplit(50, 10));
  }

  @Test
  void theSplitSurvivesASnapshotAndRestore() {
    Alert opened =
        assembler
            .onSignal(
                volume(
                    SignalKind.COORDINATION,
                    SignalPhase.OPENED,
                    "cluster:c1",
                    T0,
                    25,
                    0,
                    List.of("c1")),
                T0)
            .get(0);
    IncidentAssembler restored = new IncidentAssembler(DetectionSettings.defaults().incidents());
    restored.restore(assembler.snapshot(List.of(opened.getId())).get(opened.getId()));

    Alert next =
        restored
            .onSignal(
                volume(
                    SignalKind.SPIKE,
                    SignalPhase.OPENED,
                    "hashtag:storm",
                    T0 + MINUTE,
                    10,
                    0,
                    List.of("c1")),
                T0 + MINUTE)
            .get(0);

    assertThat(next.getId()).isEqualTo(opened.getId());
    assertThat(split(next)).isEqualTo(new IncidentSplit(35, 25));
  }

  private static AlertAction action(String id, AlertActionKind kind, long at) {
    return AlertAction.newBuilder()
        .setAlertId(id)
        .setAction(kind)
        .setActor("marie")
        .setActedAt(Instant.ofEpochMilli(at))
        .build();
  }

  @Test
  void aResolvedIncidentCanBeReopenedButTakesNoOtherAction() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.CLOSED, "crisis", T0 + MINUTE, 0, List.of()), T0);
    Alert resolved = assembler.advance(T0 + 70 * MINUTE, T0 + 70 * MINUTE).get(0);
    assertThat(resolved.getStatus()).isEqualTo(AlertStatus.RESOLVED);

    assertThat(
            assembler.onAction(
                action(opened.getId(), AlertActionKind.ACKNOWLEDGE, T0 + 71 * MINUTE),
                T0 + 71 * MINUTE))
        .isEmpty();
    List<Alert> reopened =
        assembler.onAction(
            action(opened.getId(), AlertActionKind.REOPEN, T0 + 72 * MINUTE), T0 + 72 * MINUTE);

    assertThat(reopened)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.getStatus()).isEqualTo(AlertStatus.OPEN);
              assertThat(a.getVersion()).isEqualTo(resolved.getVersion() + 1);
              assertThat(a.getLastActionBy()).isEqualTo("marie");
            });
    assertThat(assembler.openAlerts()).extracting(Alert::getId).containsExactly(opened.getId());
    assertThat(assembler.advance(T0 + 80 * MINUTE, T0 + 80 * MINUTE))
        .as("its quiet period starts again at the reopening")
        .isEmpty();
  }

  @Test
  void anEndedIncidentIsForgottenOnceItCanNoLongerBeReopened() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);
    assembler.onAction(action(opened.getId(), AlertActionKind.FALSE_POSITIVE, T0), T0);
    assertThat(assembler.snapshot(List.of(opened.getId())).get(opened.getId()))
        .as("kept, to be reopened")
        .isNotNull();
    long later = T0 + IncidentAssembler.REOPEN_WINDOW.toMillis() + MINUTE;

    assembler.advance(later, later);

    assertThat(assembler.forgotten()).containsExactly(opened.getId());
    assertThat(assembler.snapshot(List.of(opened.getId())).get(opened.getId())).isNull();
    assertThat(assembler.onAction(action(opened.getId(), AlertActionKind.REOPEN, later), later))
        .isEmpty();
  }

  @Test
  void aReopenedIncidentStillResolvesOnItsOwnWhenItsEpisodeEndedWhileItWasResolved() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);
    assembler.onAction(action(opened.getId(), AlertActionKind.RESOLVE, T0 + MINUTE), T0 + MINUTE);
    // The spike's end reaches an incident a person already resolved: it is taken by none.
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.CLOSED, "crisis", T0 + 2 * MINUTE, 0, List.of()),
        T0 + 2 * MINUTE);
    assembler.advance(T0 + 2 * MINUTE, T0 + 2 * MINUTE);
    assertThat(
            assembler.onAction(
                action(opened.getId(), AlertActionKind.REOPEN, T0 + 3 * MINUTE), T0 + 3 * MINUTE))
        .singleElement()
        .extracting(Alert::getStatus)
        .isEqualTo(AlertStatus.OPEN);

    assertThat(assembler.advance(T0 + 80 * MINUTE, T0 + 80 * MINUTE))
        .as("resolved after its quiet period, not held open by the episode that ended meanwhile")
        .singleElement()
        .extracting(Alert::getStatus)
        .isEqualTo(AlertStatus.RESOLVED);
  }

  @Test
  void anIncidentReopenedRightAfterARestartIsNotResolvedByTheNextSignal() {
    Alert opened =
        assembler
            .onSignal(signal(SignalKind.SPIKE, SignalPhase.OPENED, "crisis", T0, 5, List.of()), T0)
            .get(0);
    assembler.onSignal(
        signal(SignalKind.SPIKE, SignalPhase.CLOSED, "crisis", T0 + MINUTE, 0, List.of()), T0);
    assembler.advance(T0 + 70 * MINUTE, T0 + 70 * MINUTE);
    // A restart: the new assembler knows the ended incident but no event time yet.
    IncidentAssembler restarted = new IncidentAssembler(DetectionSettings.defaults().incidents());
    restarted.restore(assembler.snapshot(List.of(opened.getId())).get(opened.getId()));
    long reopenedAt = T0 + 120 * MINUTE;
    assertThat(
            restarted.onAction(
                action(opened.getId(), AlertActionKind.REOPEN, reopenedAt), reopenedAt))
        .singleElement()
        .extracting(Alert::getStatus)
        .isEqualTo(AlertStatus.OPEN);

    assertThat(restarted.advance(reopenedAt + MINUTE, reopenedAt + MINUTE))
        .as("its quiet period counts from the reopening")
        .isEmpty();
    assertThat(restarted.openAlerts()).extracting(Alert::getId).containsExactly(opened.getId());
  }
}
