package io.vigie.streams.detect;

import io.vigie.core.text.AlertText;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.schema.SubjectKey;
import io.vigie.schema.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signals to incidents: related signals merge into one incident, so that one crisis pages people
 * once and the other keys become its evidence.
 *
 * <p>A signal joins the open incident it relates to most through something specific they share,
 * within the merge window: the same watch rule, the same near-duplicate cluster, the same subject,
 * or a term or hashtag that is not common (see {@link #relation}); the rest of an episode follows
 * its opening. {@code global} and the {@code crisis} vocabulary never link: one crisis must not
 * swallow the next. Otherwise it opens a new incident whose id is derived from the opening signal's
 * id, so that a replay gives the same ids. Every change people should see (a new subject or kind, a
 * stronger main signal, a higher severity, a resolution, a person's action) is a new version of the
 * incident's {@link Alert}; this class writes every version of an incident (ids {@value
 * #ID_PREFIX}...; the only other writer of the alerts topic, the watchdog, uses its own namespace,
 * {@code ops-}). An incident resolves once all its episodes have ended and no signal arrived for
 * the quiet period. An incident that ended (resolved, or marked a false positive) is kept for
 * {@link #REOPEN_WINDOW} after its last version, so that a person can reopen it; no signal joins it
 * meanwhile.
 */
public final class IncidentAssembler {

  /**
   * Every incident id starts with this; the watchdog's operational alerts, the other writer of the
   * alerts topic, start with {@code ops-}, so that the two cannot land on each other's alert.
   */
  public static final String ID_PREFIX = "inc-";

  private static final AvroSerde<Alert> ALERTS = AvroSerde.of(Alert.class);
  private static final AvroSerde<Signal> SIGNALS = AvroSerde.of(Signal.class);

  /**
   * How long after its last version an ended incident can still be reopened. The alert API refuses
   * a reopening after that (409), as this class would ignore it.
   */
  public static final Duration REOPEN_WINDOW = Duration.ofDays(7);

  private final DetectionSettings.Incidents settings;
  private final Map<String, Incident> open = new LinkedHashMap<>();

  /** Ended incidents that can still be reopened, by id. */
  private final Map<String, Incident> ended = new LinkedHashMap<>();

  /** Ended incidents forgotten since the last {@link #forgotten()}, for the store to drop. */
  private final List<String> forgotten = new ArrayList<>();

  /** The latest event time seen, to restart a reopened incident's quiet period from. */
  private long eventTime = Long.MIN_VALUE;

  public IncidentAssembler(DetectionSettings.Incidents settings) {
    this.settings = settings;
  }

  /** Incidents not yet resolved, in the order they opened. */
  public Collection<Alert> openAlerts() {
    return open.values().stream().map(i -> i.alert).toList();
  }

  /** Serialised incidents, for a state store: id to bytes. */
  public Map<String, byte[]> snapshot(Collection<String> ids) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String id : ids) {
      Incident incident = open.containsKey(id) ? open.get(id) : ended.get(id);
      out.put(id, incident == null ? null : incident.toBytes(ALERTS, SIGNALS));
    }
    return out;
  }

  /** Restores an incident saved by {@link #snapshot}. */
  public void restore(byte[] bytes) {
    Incident incident = Incident.fromBytes(bytes, ALERTS, SIGNALS);
    (incident.closed() ? ended : open).put(incident.id, incident);
  }

  /** Merges a signal; returns the alert versions it produced (none, or one). */
  public List<Alert> onSignal(Signal signal, long now) {
    long at = triggeredAt(signal);
    eventTime = Math.max(eventTime, at);
    Incident incident = related(signal, at);
    if (incident == null) {
      if (signal.getPhase() != SignalPhase.OPENED) {
        return List.of(); // the end or update of an episode whose incident is gone
      }
      incident = new Incident(incidentId(signal));
      open.put(incident.id, incident);
      absorb(incident, signal, at);
      incident.main = signal;
      return List.of(publish(incident, AlertStatus.OPEN, 1, now));
    }
    Alert before = incident.alert;
    int subjectsBefore = incident.subjects.size();
    int kindsBefore = incident.kinds.size();
    absorb(incident, signal, at);
    // The main signal, which the title and explanation quote, stays on the subject that opened the
    // incident (a crisis stays "crisis vocabulary" when everything rises with it), unless that was
    // everything; it follows that subject's episode as it grows.
    boolean stronger =
        signal.getPhase() != SignalPhase.CLOSED
            && signal.getObserved() >= 1.5 * incident.main.getObserved()
            && signal.getKind() == incident.main.getKind()
            && (signal.getSubjectKey().equals(incident.main.getSubjectKey())
                || incident.main.getSubjectKey().equals(SubjectKey.GLOBAL));
    if (stronger) {
      incident.main = signal;
    }
    Severity severity = severity(incident);
    boolean changed =
        incident.subjects.size() > subjectsBefore
            || incident.kinds.size() > kindsBefore
            || stronger
            || severity.ordinal() > before.getSeverity().ordinal();
    if (!changed) {
      return List.of();
    }
    return List.of(publish(incident, before.getStatus(), before.getVersion() + 1, now));
  }

  /**
   * Folds a person's action into a new version. Unknown incidents are ignored, and so are ended
   * ones unless the action reopens them: a reopened incident is open to signals again and resolves
   * on its own after the quiet period, counted from the reopening.
   */
  public List<Alert> onAction(AlertAction action, long now) {
    Incident incident = open.get(action.getAlertId());
    if (incident == null && action.getAction() == AlertActionKind.REOPEN) {
      incident = ended.remove(action.getAlertId());
      if (incident != null) {
        open.put(incident.id, incident);
        // Right after a restart no event time is known yet: the action's own time stands in,
        // else the first signal would resolve the reopened incident at once.
        long reopenedAt =
            eventTime == Long.MIN_VALUE ? action.getActedAt().toEpochMilli() : eventTime;
        incident.lastSignalAt = Math.max(incident.lastSignalAt, reopenedAt);
        // An episode still running when a person ended the incident lost its closing signal (an
        // ended incident takes none), so it would keep the reopened one open for ever; one that is
        // still running adds itself back with its next update.
        incident.openEpisodes.clear();
      }
    }
    if (incident == null) {
      return List.of();
    }
    Alert before = incident.alert;
    AlertStatus status =
        switch (action.getAction()) {
          case ACKNOWLEDGE -> AlertStatus.ACKNOWLEDGED;
          case RESOLVE -> AlertStatus.RESOLVED;
          case FALSE_POSITIVE -> AlertStatus.FALSE_POSITIVE;
          case REOPEN -> AlertStatus.OPEN;
          default -> before.getStatus();
        };
    Alert next =
        Alert.newBuilder(publish(incident, status, before.getVersion() + 1, now))
            .setAssignee(action.getAssignee() != null ? action.getAssignee() : before.getAssignee())
            .setLastActionBy(action.getActor())
            .build();
    incident.alert = next;
    if (incident.closed()) {
      open.remove(incident.id);
      ended.put(incident.id, incident);
    }
    return List.of(next);
  }

  /**
   * Event time has reached {@code eventTime}: resolves the incidents whose episodes all ended and
   * that saw no signal for the quiet period.
   */
  public List<Alert> advance(long eventTime, long now) {
    this.eventTime = Math.max(this.eventTime, eventTime);
    List<Alert> out = new ArrayList<>();
    for (Incident incident : new ArrayList<>(open.values())) {
      if (incident.openEpisodes.isEmpty()
          && eventTime - incident.lastSignalAt >= settings.quietPeriod().toMillis()) {
        out.add(publish(incident, AlertStatus.RESOLVED, incident.alert.getVersion() + 1, now));
        open.remove(incident.id);
        ended.put(incident.id, incident);
      }
    }
    // Wall-clock time against the last version's, as the alert API judges a reopening.
    ended
        .values()
        .removeIf(
            incident -> {
              boolean expired =
                  incident.alert.getUpdatedAt().toEpochMilli() + REOPEN_WINDOW.toMillis() < now;
              if (expired) {
                forgotten.add(incident.id);
              }
              return expired;
            });
    return out;
  }

  /** Ids of the ended incidents forgotten since the last call, which can no longer be reopened. */
  public List<String> forgotten() {
    List<String> ids = List.copyOf(forgotten);
    forgotten.clear();
    return ids;
  }

  private Incident related(Signal signal, long at) {
    // The rest of an episode goes where the episode went, whatever its subject.
    if (signal.getPhase() != SignalPhase.OPENED) {
      for (Incident incident : open.values()) {
        if (incident.openEpisodes.contains(signal.getId())) {
          return incident;
        }
      }
    }
    Incident best = null;
    int bestScore = 0;
    for (Incident incident : open.values()) {
      // Either way: signals from different subjects need not arrive in event-time order.
      if (Math.abs(at - incident.lastSignalAt) > settings.mergeWindow().toMillis()) {
        continue;
      }
      int score = relation(incident, signal);
      if (score > bestScore) {
        best = incident;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * How strongly a signal belongs to an open incident, 0 for not at all: only something specific
   * they share counts. The same watch rule, the same near-duplicate cluster, the same subject, or a
   * term or hashtag that is not common and that one of them is about while the other's posts use
   * it. {@code global} and the {@code crisis} vocabulary are never a link: everything rises with a
   * crisis and two crises both use crisis words.
   */
  private int relation(Incident incident, Signal signal) {
    String subject = signal.getSubjectKey();
    Evidence evidence = signal.getEvidence();
    SubjectState.Kind kind = SubjectState.Kind.of(subject);
    boolean wordSubject = kind == SubjectState.Kind.TERM || kind == SubjectState.Kind.HASHTAG;
    boolean specificSubject =
        kind == SubjectState.Kind.RULE
            || kind == SubjectState.Kind.CLUSTER
            || (wordSubject && !common(usualShare(signal)));
    int score = 0;
    if (specificSubject && incident.subjects.contains(subject)) {
      score += 100;
    }
    String rule = leadRule(signal);
    if (rule != null && incident.leadRules.contains(rule)) {
      score += 10;
    }
    for (String cluster : evidence.getClusterIds()) {
      if (incident.clusters.contains(cluster)) {
        score += 5;
      }
    }
    if (wordSubject && specificSubject) {
      String term = VolumeHorizon.ownTerm(subject);
      if (incident.terms.contains(term) || incident.terms.contains("#" + term)) {
        score += 5;
      }
    }
    for (Map.Entry<String, Double> own : incident.termShares.entrySet()) {
      String term = VolumeHorizon.ownTerm(own.getKey());
      boolean used =
          evidence.getTopTerms().contains(term) || evidence.getTopTerms().contains("#" + term);
      if (used && !common(own.getValue())) {
        score += 5;
      }
    }
    return score;
  }

  /** Whether a term with this usual share of original posts is too common to link two signals. */
  private boolean common(double usualShare) {
    return usualShare >= settings.commonTermShare();
  }

  /**
   * A term signal's usual share of original posts; 0 when the signal does not say (the detectors
   * add it to every term and hashtag signal; a term they never saw has none).
   */
  private static double usualShare(Signal signal) {
    return decimal(signal.getEvidence().getDetails().get(SubjectDetector.USUAL_SHARE));
  }

  /**
   * The watch rule that speaks for a signal: the rule it is about, else the rule its posts matched
   * most (a stray post matching another rule does not make two stories one); null for none.
   */
  private static String leadRule(Signal signal) {
    String rule = SubjectKey.ruleOf(signal.getSubjectKey());
    if (rule != null) {
      return rule;
    }
    List<String> rules = signal.getEvidence().getWatchRuleIds();
    return rules.isEmpty() ? null : rules.get(0);
  }

  /**
   * Posts above the expectation a signal reports: for a sentiment shift the negative posts above
   * the usual share, for volume the observed count minus the expected one, in the bucket or over
   * the evidence window the CUSUM rose over, whichever is larger (a crisis key's first posts come a
   * few minutes apart: each bucket holds one or two, the window all of them). Weak signals are
   * notes and never page.
   */
  private static double excess(Signal signal) {
    Map<String, String> details = signal.getEvidence().getDetails();
    return switch (signal.getKind()) {
      case WEAK_SIGNAL -> 0;
      case SENTIMENT_SHIFT ->
          number(details.get("posts")) * (signal.getObserved() - signal.getExpected());
      default ->
          Math.max(
              signal.getObserved() - signal.getExpected(),
              number(details.get("window_posts")) - decimal(details.get("window_expected")));
    };
  }

  /** A decimal detail; 0 when absent or unreadable. */
  private static double decimal(String value) {
    try {
      return value == null ? 0 : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void absorb(Incident incident, Signal signal, long at) {
    Evidence evidence = signal.getEvidence();
    Map<String, String> details = evidence.getDetails();
    boolean episode =
        signal.getKind() == SignalKind.SPIKE || signal.getKind() == SignalKind.SENTIMENT_SHIFT;
    // Every kind counts towards the split, the end of an episode too: it has the episode's final
    // figures.
    incident.addVolume(
        signal.getSubjectKey(),
        signal.getKind(),
        number(details.get("posts")),
        number(details.get("coordinated_posts")));
    if (signal.getPhase() == SignalPhase.CLOSED) {
      // The end of an episode is no new evidence: it neither adds terms nor keeps the incident
      // open to newcomers (else a quiet evening's resolution would let the next crisis join it).
      if (episode) {
        incident.openEpisodes.remove(signal.getId());
      }
      return;
    }
    incident.subjects.add(signal.getSubjectKey());
    incident.kinds.add(signal.getKind());
    String lead = leadRule(signal);
    if (lead != null) {
      incident.leadRules.add(lead);
    }
    SubjectState.Kind subjectKind = SubjectState.Kind.of(signal.getSubjectKey());
    if (subjectKind == SubjectState.Kind.TERM || subjectKind == SubjectState.Kind.HASHTAG) {
      incident.termShares.put(signal.getSubjectKey(), usualShare(signal));
    }
    incident.excess.merge(signal.getSubjectKey(), excess(signal), Math::max);
    if (SubjectKey.ruleOf(signal.getSubjectKey()) != null) {
      incident.rules.add(SubjectKey.ruleOf(signal.getSubjectKey()));
    }
    incident.rules.addAll(evidence.getWatchRuleIds());
    for (String term : evidence.getTopTerms()) {
      if (incident.terms.size() < 64) {
        incident.terms.add(term);
      }
    }
    for (String cluster : evidence.getClusterIds()) {
      if (incident.clusters.size() < 64) {
        incident.clusters.add(cluster);
      }
    }
    for (SamplePost sample : evidence.getSamplePosts()) {
      if (incident.samples.size() < EvidenceCollector.SAMPLES
          && !incident.samples.containsKey(sample.getKey())
          && incident.samples.values().stream()
              .noneMatch(s -> s.getTextExcerpt().equals(sample.getTextExcerpt()))) {
        incident.samples.put(sample.getKey(), sample);
      }
    }
    if (episode) {
      incident.openEpisodes.add(signal.getId());
    }
    if (signal.getKind() == SignalKind.SPIKE && signal.getPhase() != SignalPhase.CLOSED) {
      long posts = number(details.get("posts"));
      if (posts > incident.largestSpikePosts) {
        incident.largestSpikePosts = posts;
        incident.largestSpikeSuspect = number(details.get("suspect_posts"));
      }
    }
    incident.lastSignalAt = Math.max(incident.lastSignalAt, at);
  }

  private Alert publish(Incident incident, AlertStatus status, int version, long now) {
    Signal main = incident.main;
    SignalKind kind = kind(incident);
    Severity severity = severity(incident);
    Map<String, String> details = new LinkedHashMap<>(main.getEvidence().getDetails());
    details.put("subjects", String.join(" ", incident.subjects));
    details.put("signal_kinds", incident.kinds.toString());
    IncidentSplit split = incident.split();
    split.writeTo(details);
    long firstSeen = firstSeen(incident);
    long triggered = triggeredAt(main);
    Long latency =
        incident.alert == null
            ? (triggered >= firstSeen ? triggered - firstSeen : null)
            : incident.alert.getExplanation().getDetectionLatencyMs();
    Explanation explanation =
        Explanation.newBuilder()
            .setObserved(main.getObserved())
            .setExpected(main.getExpected())
            .setScore(main.getScore())
            .setBaseline(details.get("baseline"))
            .setEvidence(
                Evidence.newBuilder(main.getEvidence())
                    .setTopTerms(topTerms(incident))
                    .setSamplePosts(new ArrayList<>(incident.samples.values()))
                    .setSamplePostIds(new ArrayList<>(incident.samples.keySet()))
                    .setWatchRuleIds(new ArrayList<>(incident.rules))
                    .setDetails(details)
                    .build())
            .setDetectionLatencyMs(latency)
            .build();
    Alert.Builder alert =
        Alert.newBuilder()
            .setId(incident.id)
            .setVersion(version)
            .setStatus(status)
            .setSeverity(severity)
            .setKind(kind)
            .setSubjectKeys(new ArrayList<>(incident.subjects))
            .setWatchRuleIds(new ArrayList<>(incident.rules))
            .setTitle(AlertText.title(kind, main.getSubjectKey()))
            .setSummary(AlertText.summary(main, incident.subjects, split))
            .setExplanation(explanation)
            .setSamplePosts(new ArrayList<>(incident.samples.values()))
            .setFirstSeen(Instant.ofEpochMilli(firstSeen))
            .setLastSeen(Instant.ofEpochMilli(Math.max(firstSeen, incident.lastSignalAt)))
            .setUpdatedAt(Instant.ofEpochMilli(now));
    if (incident.alert != null) {
      alert.setAssignee(incident.alert.getAssignee());
      alert.setLastActionBy(incident.alert.getLastActionBy());
    }
    incident.alert = alert.build();
    return incident.alert;
  }

  private static List<String> topTerms(Incident incident) {
    List<String> terms = new ArrayList<>(incident.main.getEvidence().getTopTerms());
    for (String term : incident.terms) {
      if (terms.size() >= 10) {
        break;
      }
      if (!terms.contains(term)) {
        terms.add(term);
      }
    }
    return terms;
  }

  /**
   * The incident's kind: coordination when a coordination signal is part of it and at least half
   * the posts of its largest spike are suspect (coordinated copies, or new accounts); a sentiment
   * shift when one is part of it and no crisis vocabulary is (a crisis is negative too, but it is a
   * crisis), otherwise the kind of the signal that opened it.
   */
  private static SignalKind kind(Incident incident) {
    boolean mostlySuspect =
        incident.largestSpikePosts == 0
            || incident.largestSpikeSuspect * 2 >= incident.largestSpikePosts;
    if (incident.kinds.contains(SignalKind.COORDINATION) && mostlySuspect) {
      return SignalKind.COORDINATION;
    }
    if (incident.kinds.contains(SignalKind.SENTIMENT_SHIFT)
        && !incident.subjects.contains(SubjectKey.CRISIS)) {
      return SignalKind.SENTIMENT_SHIFT;
    }
    if (incident.kinds.contains(SignalKind.SPIKE)) {
      return SignalKind.SPIKE;
    }
    return incident.kinds.iterator().next();
  }

  /** Followers summed over an episode's posts above which its severity rises one level. */
  static final long WIDE_REACH = 100_000;

  /**
   * Severity from what the incident is and how big. It pages (is above INFO) only when a signal on
   * a specific subject (a watch rule, crisis vocabulary, a term or hashtag, a cluster) reported at
   * least its class's minimum of posts above the expectation: weak signals, small rises and a rise
   * of all posts on its own are notes. Among the signals that count, a spike on terms or hashtags
   * alone, or a viral post, is low; a spike on a watch rule, crisis vocabulary or (large enough)
   * everything, a sentiment shift or coordination is medium; each of these raises it one step:
   * crisis vocabulary among the subjects, volume ten times the expectation with at least 50 posts,
   * a mostly negative conversation, three kinds of signal agreeing.
   */
  Severity severity(Incident incident) {
    DetectionSettings.Paging paging = settings.paging();
    List<String> counting =
        incident.subjects.stream()
            .filter(
                s ->
                    incident.excess.getOrDefault(s, 0.0)
                        >= paging.minExcess(SubjectState.Kind.of(s)))
            .toList();
    boolean specific =
        counting.stream().anyMatch(s -> SubjectState.Kind.of(s) != SubjectState.Kind.GLOBAL);
    if (!specific) {
      return Severity.INFO;
    }
    int level;
    boolean busySubject =
        counting.stream()
            .map(SubjectState.Kind::of)
            .anyMatch(
                k ->
                    k == SubjectState.Kind.RULE
                        || k == SubjectState.Kind.CRISIS
                        || k == SubjectState.Kind.GLOBAL);
    if (incident.kinds.contains(SignalKind.SENTIMENT_SHIFT)
        || incident.kinds.contains(SignalKind.COORDINATION)
        || (incident.kinds.contains(SignalKind.SPIKE) && busySubject)) {
      level = Severity.MEDIUM.ordinal();
    } else if (incident.kinds.contains(SignalKind.SPIKE)
        || incident.kinds.contains(SignalKind.VIRAL_POST)) {
      level = Severity.LOW.ordinal();
    } else {
      level = Severity.INFO.ordinal();
    }
    if (level >= Severity.MEDIUM.ordinal()) {
      Signal main = incident.main;
      Map<String, String> details = main.getEvidence().getDetails();
      if (incident.subjects.contains(SubjectKey.CRISIS)) {
        level++;
      }
      if (main.getKind() == SignalKind.SPIKE
          && main.getObserved() >= 10 * Math.max(main.getExpected(), 1)
          && number(details.get("posts")) >= 50) {
        level++;
      }
      long posts = number(details.get("posts"));
      if (posts >= 10 && number(details.get("negative_posts")) * 2 > posts) {
        level++;
      }
      if (incident.kinds.size() >= 3) {
        level++;
      }
    }
    // Reach: the same story seen by a hundred thousand people or more matters more.
    if (level >= Severity.LOW.ordinal()
        && number(incident.main.getEvidence().getDetails().get("reach")) >= WIDE_REACH) {
      level++;
    }
    return Severity.values()[Math.min(level, Severity.CRITICAL.ordinal())];
  }

  /**
   * When the incident's first supporting post was published, as its first version said: it never
   * moves afterwards, because it names the monthly index the alert's versions overwrite each other
   * in (and dates the detection latency).
   */
  private static long firstSeen(Incident incident) {
    if (incident.alert != null) {
      return incident.alert.getFirstSeen().toEpochMilli();
    }
    Instant signalFirst = incident.main.getFirstPostAt();
    return signalFirst != null
        ? signalFirst.toEpochMilli()
        : incident.main.getWindowStart().toEpochMilli();
  }

  static long triggeredAt(Signal signal) {
    String at = signal.getEvidence().getDetails().get(Findings.TRIGGERED_AT);
    return at == null ? signal.getWindowEnd().toEpochMilli() : Long.parseLong(at);
  }

  private static long number(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.round(Double.parseDouble(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String incidentId(Signal opening) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest(opening.getId().getBytes(StandardCharsets.UTF_8));
      return ID_PREFIX + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
