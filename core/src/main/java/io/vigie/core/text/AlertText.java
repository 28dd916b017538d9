package io.vigie.core.text;

import static io.vigie.core.text.DetailNumbers.decimal;
import static io.vigie.core.text.DetailNumbers.wholeNumber;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SubjectKey;
import java.text.NumberFormat;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every word people read about an alert, in the three vocabularies they read it in, side by side:
 *
 * <ul>
 *   <li><b>persisted</b>: the English title and summary detection writes into each {@link Alert}
 *       version, kept in Kafka and Elasticsearch and shown as they are by the console, the feed and
 *       the English messages;
 *   <li><b>messages</b>: what the channels send, in French or English (headline, why, figures);
 *   <li><b>terminal</b>: the lines {@code vigie demo} and {@code backtest} print.
 * </ul>
 *
 * <p>The vocabularies disagree, and each disagreement is kept on purpose: a persisted title says
 * "Emerging" where a message says "Weak signal", a term is {@code 'x'} in a title and {@code "x"}
 * or {@code « x »} in a message, a cluster is "near-duplicates of c" in a title and "near-identical
 * posts" in a message. Titles already stored would no longer match new ones (searches, dashboards,
 * people's habits) if they changed: making them agree is a product decision, not a refactoring.
 * Texts from posts (samples, terms, rule names) are kept as they are: each channel escapes them,
 * and the terminal lines remove their control characters.
 */
public final class AlertText {

  private AlertText() {}

  // ---------------------------------------------------------------------------------------------
  // Persisted: Alert.title and Alert.summary, English.

  /** An incident's title: its kind, then its main signal's subject. Persisted. */
  public static String title(SignalKind incidentKind, String subjectKey) {
    String subject = describe(subjectKey);
    // "Emerging", where messages say "Weak signal": stored titles keep their word (see above).
    return switch (incidentKind) {
      case SPIKE -> "Volume spike: " + subject;
      case WEAK_SIGNAL -> "Emerging: " + subject;
      case SENTIMENT_SHIFT -> "Negative turn: " + subject;
      case COORDINATION -> "Coordinated posting: " + subject;
      case VIRAL_POST -> "Post spreading fast: " + subject;
      default -> "Signal: " + subject;
    };
  }

  /**
   * An incident's summary: its main signal's figures and subject, up to six of its other subjects,
   * and its organic/coordinated split when some posts are coordinated copies. Persisted.
   *
   * @param subjects every subject of the incident, the main signal's among them
   */
  public static String summary(Signal main, Collection<String> subjects, IncidentSplit split) {
    Map<String, String> details = main.getEvidence().getDetails();
    StringBuilder text = new StringBuilder();
    text.append(
        switch (main.getKind()) {
          case SENTIMENT_SHIFT ->
              String.format(
                  Locale.ROOT,
                  "%.0f%% of posts negative against %.0f%% usually",
                  100 * main.getObserved(),
                  100 * main.getExpected());
          case COORDINATION ->
              details.get("distinct_accounts")
                  + " accounts posted near-identical text, median gap "
                  + details.get("median_gap_s")
                  + " s";
          case VIRAL_POST -> details.get("reposting_accounts") + " accounts reposted one post";
          case WEAK_SIGNAL -> details.get("reasons");
          default -> volumeFigures(main, details);
        });
    text.append(" (").append(describe(main.getSubjectKey())).append(").");
    if (subjects.size() > 1) {
      text.append(" Also: ");
      text.append(
          String.join(
              ", ",
              subjects.stream()
                  .filter(s -> !s.equals(main.getSubjectKey()))
                  .limit(6)
                  .map(AlertText::describe)
                  .toList()));
      text.append('.');
    }
    if (split.coordinated() > 0) {
      text.append(' ').append(split.sentence("en"));
    }
    return text.toString();
  }

  /**
   * "N posts in M min against E expected": over the evidence window the CUSUM rose over when it is
   * longer than the bucket and holds more posts (a sparse key opens on the post that completes the
   * evidence: "1 post in 1 min" would hide the four before it), else over the bucket.
   */
  private static String volumeFigures(Signal main, Map<String, String> details) {
    long bucketMinutes = main.getHorizonMs() / 60_000;
    long windowPosts = wholeNumber(details.get("window_posts"));
    long windowMinutes = wholeNumber(details.get("window_minutes"));
    boolean window = windowPosts > main.getObserved() && windowMinutes > bucketMinutes;
    double posts = window ? windowPosts : main.getObserved();
    return String.format(
        Locale.ROOT,
        "%.0f post%s in %d min against %.1f expected",
        posts,
        posts == 1 ? "" : "s",
        window ? windowMinutes : bucketMinutes,
        window ? decimal(details.get("window_expected")) : main.getExpected());
  }

  /**
   * A subject key in persisted words. Every key of no detection kind (the watchdog's {@code ops:}
   * keys, a key of unknown form) reads as "all posts", as detection counts it; a term is {@code
   * 'x'} and a cluster "near-duplicates of c", unlike in {@link #subject messages}.
   */
  public static String describe(String subjectKey) {
    return switch (SubjectKey.kindOf(subjectKey)) {
      case GLOBAL, OPS -> "all posts";
      case CRISIS -> "crisis vocabulary";
      case RULE -> "watch rule " + SubjectKey.name(subjectKey);
      case HASHTAG -> "#" + SubjectKey.name(subjectKey);
      case TERM -> "'" + SubjectKey.name(subjectKey) + "'";
      case CLUSTER -> "near-duplicates of " + SubjectKey.name(subjectKey);
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Messages: what the channels send, in French (fr true) or English.

  private static final Map<SignalKind, String[]> KINDS =
      Map.of(
          SignalKind.SPIKE, new String[] {"Pic de volume", "Volume spike"},
          // "Weak signal", where persisted titles say "Emerging" (see the class comment).
          SignalKind.WEAK_SIGNAL, new String[] {"Signal faible", "Weak signal"},
          SignalKind.SENTIMENT_SHIFT, new String[] {"Dégradation du sentiment", "Negative turn"},
          SignalKind.COORDINATION, new String[] {"Publication coordonnée", "Coordinated posting"},
          SignalKind.VIRAL_POST, new String[] {"Publication virale", "Post spreading fast"},
          SignalKind.OPERATIONAL, new String[] {"Exploitation", "Operations"});

  private static final Map<Severity, String> SEVERITIES_FR =
      Map.of(
          Severity.INFO, "info",
          Severity.LOW, "faible",
          Severity.MEDIUM, "moyenne",
          Severity.HIGH, "haute",
          Severity.CRITICAL, "critique");

  /** A kind of alert in a message's words. */
  public static String kind(SignalKind kind, boolean fr) {
    return KINDS.getOrDefault(kind, new String[] {"Signal", "Signal"})[fr ? 0 : 1];
  }

  /** A severity in a message's words: French in lower case, English as the enum names it. */
  public static String severity(Severity severity, boolean fr) {
    return fr ? SEVERITIES_FR.getOrDefault(severity, "inconnue") : severity.name();
  }

  /**
   * "[SEVERITY] Kind: subject", the alert's first subject; French puts a space before the colon.
   */
  public static String headline(Alert alert, boolean fr) {
    String subject =
        alert.getSubjectKeys().isEmpty() ? "" : subject(alert.getSubjectKeys().get(0), fr);
    return String.format(
        Locale.ROOT,
        fr ? "[%s] %s : %s" : "[%s] %s: %s",
        severity(alert.getSeverity(), fr).toUpperCase(Locale.ROOT),
        kind(alert.getKind(), fr),
        subject);
  }

  /** Why a message is sent: the incident is new. */
  public static String opened(boolean fr) {
    return fr ? "Nouvel incident" : "New incident";
  }

  /** Why a message is sent: the incident rose to this severity. */
  public static String escalated(Severity severity, boolean fr) {
    String words = severity(severity, fr);
    return fr ? "Aggravation (gravité " + words + ")" : "Escalated to " + words;
  }

  /** Why a message is sent: the incident ended, resolved or marked a false positive. */
  public static String ended(AlertStatus status, boolean fr) {
    return status == AlertStatus.FALSE_POSITIVE
        ? (fr ? "Terminé : marqué faux positif" : "Ended: marked as a false positive")
        : (fr ? "Terminé" : "Ended");
  }

  /** What follows the why: " · version N", then " · by whoever" acted last. */
  public static String versionAndActor(Alert alert, boolean fr) {
    String text = " · version " + alert.getVersion();
    if (alert.getLastActionBy() != null) {
      text += (fr ? " · par " : " · by ") + alert.getLastActionBy();
    }
    return text;
  }

  /**
   * A message's figures. English ones are the persisted summary; French ones the main signal's
   * figures, then the incident's organic/coordinated split (the summary ends with the same sentence
   * in English).
   */
  public static String figures(Alert alert, boolean fr) {
    if (!fr) {
      return alert.getSummary();
    }
    String split = IncidentSplit.of(alert).map(s -> s.sentence("fr")).orElse("");
    return split.isEmpty() ? mainFiguresFr(alert) : mainFiguresFr(alert) + ". " + split;
  }

  private static String mainFiguresFr(Alert alert) {
    double observed = alert.getExplanation().getObserved();
    double expected = alert.getExplanation().getExpected();
    Map<String, String> details = alert.getExplanation().getEvidence().getDetails();
    return switch (alert.getKind()) {
      case SENTIMENT_SHIFT ->
          number(100 * observed, true)
              + " % de messages négatifs contre "
              + number(100 * expected, true)
              + " % d'habitude";
      case COORDINATION ->
          details.getOrDefault("distinct_accounts", "?")
              + " comptes ont publié un texte quasi identique";
      case VIRAL_POST ->
          details.getOrDefault("reposting_accounts", "?") + " comptes ont repartagé un message";
      case OPERATIONAL -> details.getOrDefault("summary_fr", alert.getSummary());
      default ->
          number(observed, true)
              + " messages observés pour "
              + number(expected, true)
              + " attendus";
    };
  }

  /** How long after the first post detection spoke, in minutes; empty when unknown. */
  public static String latency(Alert alert, boolean fr) {
    Long latencyMs = alert.getExplanation().getDetectionLatencyMs();
    return latencyMs == null
        ? ""
        : String.format(
            Locale.ROOT,
            fr ? "Détecté %s min après le premier message" : "Detected %s min after the first post",
            number(latencyMs / 60_000.0, fr));
  }

  /** "Terms: a, b", the top terms as they are. */
  public static String terms(List<String> topTerms, boolean fr) {
    return (fr ? "Termes : " : "Terms: ") + String.join(", ", topTerms);
  }

  /** "> @author: text", a sample post as it is, for channels without formatting. */
  public static String sample(SamplePost sample) {
    return "> "
        + (sample.getAuthorHandle() == null ? "" : "@" + sample.getAuthorHandle() + ": ")
        + sample.getTextExcerpt();
  }

  /**
   * A subject key in a message's words: a term is {@code "x"} or {@code « x »} and a cluster
   * "near-identical posts", unlike in {@link #describe persisted} titles; the watchdog's checks are
   * named; a key of unknown form is shown as it is.
   */
  public static String subject(String key, boolean fr) {
    if (key.equals(SubjectKey.GLOBAL)) {
      return fr ? "tous les messages" : "all posts";
    } else if (key.equals(SubjectKey.CRISIS)) {
      return fr ? "vocabulaire de crise" : "crisis vocabulary";
    }
    String name = SubjectKey.name(key);
    return switch (SubjectKey.kindOf(key)) {
      case RULE -> (fr ? "règle " : "watch rule ") + name;
      case HASHTAG -> "#" + name;
      case TERM -> fr ? "« " + name + " »" : "\"" + name + "\"";
      case CLUSTER -> fr ? "messages quasi identiques" : "near-identical posts";
      case OPS -> operational(key, fr);
      default -> key;
    };
  }

  private static String operational(String key, boolean fr) {
    if (key.startsWith(SubjectKey.OPS_SOURCE)) {
      return "source " + after(key, SubjectKey.OPS_SOURCE) + (fr ? " muette" : " silent");
    } else if (key.startsWith(SubjectKey.OPS_LAG)) {
      return (fr ? "retard de " : "lag of ") + after(key, SubjectKey.OPS_LAG);
    } else if (key.startsWith(SubjectKey.OPS_DEAD_LETTERS)) {
      return (fr ? "lettres mortes de " : "dead letters of ")
          + after(key, SubjectKey.OPS_DEAD_LETTERS);
    } else if (key.equals(SubjectKey.OPS_ELASTICSEARCH)) {
      return fr ? "Elasticsearch injoignable" : "Elasticsearch unreachable";
    }
    return key;
  }

  private static String after(String key, String prefix) {
    return key.substring(prefix.length());
  }

  /** A number as people of that language write it: one decimal under 10, none above. */
  public static String number(double value, boolean fr) {
    NumberFormat format = NumberFormat.getNumberInstance(fr ? Locale.FRANCE : Locale.ENGLISH);
    format.setMaximumFractionDigits(value < 10 ? 1 : 0);
    return format.format(value).replace('\u202f', ' ').replace('\u00a0', ' ');
  }

  // ---------------------------------------------------------------------------------------------
  // Terminal: English lines without line breaks; text from posts is cleaned (see clean).

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /**
   * An incident's first version in full, to print one per line: a blank line, what, the summary,
   * how sure, why, the posts' split and the sample posts.
   *
   * @param displayShift added to times (a replay rebased in time shows the original times)
   */
  public static List<String> terminalOpening(Alert alert, Duration displayShift) {
    Explanation why = alert.getExplanation();
    Map<String, String> details = why.getEvidence().getDetails();
    List<String> lines = new ArrayList<>();
    lines.add("");
    lines.add(
        String.format(
            Locale.ROOT,
            "[%s] %s  %s  (%s, %s)",
            alert.getSeverity(),
            clean(alert.getTitle()),
            TIME.format(alert.getFirstSeen().plus(displayShift)),
            alert.getKind(),
            alert.getId()));
    lines.add("  " + clean(alert.getSummary()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  observed %.3g, expected %.3g, score %.3g%s",
            why.getObserved(),
            why.getExpected(),
            why.getScore(),
            why.getDetectionLatencyMs() == null
                ? ""
                : ", detected " + humane(why.getDetectionLatencyMs()) + " after the first post"));
    if (why.getBaseline() != null) {
      lines.add("  baseline: " + clean(why.getBaseline()));
    }
    if (!why.getEvidence().getTopTerms().isEmpty()) {
      lines.add("  top terms: " + clean(String.join(", ", why.getEvidence().getTopTerms())));
    }
    if (details.containsKey("posts")) {
      // The whole incident's split when detection wrote one, else the main signal's.
      Optional<IncidentSplit> split = IncidentSplit.of(alert);
      lines.add(
          String.format(
              Locale.ROOT,
              "  posts %s (organic %s, coordinated %s), authors %s, negative %s / positive %s",
              split.map(s -> Long.toString(s.posts())).orElse(details.get("posts")),
              split.map(s -> Long.toString(s.organic())).orElse(details.get("organic_posts")),
              split
                  .map(s -> Long.toString(s.coordinated()))
                  .orElse(details.get("coordinated_posts")),
              details.get("distinct_authors"),
              details.get("negative_posts"),
              details.get("positive_posts")));
    }
    for (SamplePost sample : alert.getSamplePosts()) {
      lines.add(
          "  > "
              + (sample.getAuthorHandle() == null
                  ? ""
                  : "@" + clean(sample.getAuthorHandle()) + ": ")
              + clean(abbreviate(sample.getTextExcerpt(), 140)));
    }
    return lines;
  }

  /** What a later version says on one line: "SEVERITY: summary". */
  public static String terminalState(Alert alert) {
    return alert.getSeverity() + ": " + clean(alert.getSummary());
  }

  /** A later version on one line: its id, version, "updated" or its new status, and its state. */
  public static String terminalUpdate(Alert alert, String state) {
    return String.format(
        Locale.ROOT,
        "  %s v%d %s %s",
        alert.getId(),
        alert.getVersion(),
        alert.getStatus() == AlertStatus.OPEN
            ? "updated"
            : alert.getStatus().name().toLowerCase(Locale.ROOT),
        state);
  }

  private static String humane(long millis) {
    Duration d = Duration.ofMillis(millis);
    return d.toMinutes() >= 1
        ? d.toMinutes() + " min " + d.toSecondsPart() + " s"
        : d.toSeconds() + " s";
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /**
   * Removes control characters (escape sequences included) and folds line breaks: post text is
   * untrusted, and must not move a terminal's cursor or recolour it.
   */
  public static String clean(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            c -> {
              if (c == '\n' || c == '\r' || c == '\t') {
                out.append(' ');
              } else if (!Character.isISOControl(c) && Character.getType(c) != Character.FORMAT) {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }
}
