package io.vigie.alerts.dispatch;

import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SubjectKey;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a person reads about one alert version, in French or English, before any channel's
 * formatting: a headline, why it is sent, the figures, the top terms and the sample posts. Texts
 * from posts (samples, terms, rule names) are kept as they are: each channel escapes them.
 */
public record AlertMessage(
    String language,
    String headline,
    String why,
    String figures,
    List<String> topTerms,
    List<SamplePost> samples,
    String latency) {

  private static final Map<SignalKind, String[]> KINDS =
      Map.of(
          SignalKind.SPIKE, new String[] {"Pic de volume", "Volume spike"},
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

  public static AlertMessage of(Alert alert, PagingPolicy.Reason reason, String language) {
    boolean fr = language.equals("fr");
    String kind =
        KINDS.getOrDefault(alert.getKind(), new String[] {"Signal", "Signal"})[fr ? 0 : 1];
    String subject =
        alert.getSubjectKeys().isEmpty() ? "" : subject(alert.getSubjectKeys().get(0), fr);
    String severity =
        fr
            ? SEVERITIES_FR.getOrDefault(alert.getSeverity(), "inconnue")
            : alert.getSeverity().name();
    String headline =
        String.format(
            Locale.ROOT,
            fr ? "[%s] %s : %s" : "[%s] %s: %s",
            severity.toUpperCase(Locale.ROOT),
            kind,
            subject);
    String why =
        switch (reason) {
          case OPENED -> fr ? "Nouvel incident" : "New incident";
          case ESCALATED ->
              fr ? "Aggravation (gravité " + severity + ")" : "Escalated to " + severity;
          case ENDED ->
              alert.getStatus() == AlertStatus.FALSE_POSITIVE
                  ? (fr ? "Terminé : marqué faux positif" : "Ended: marked as a false positive")
                  : (fr ? "Terminé" : "Ended");
        };
    why += fr ? " · version " + alert.getVersion() : " · version " + alert.getVersion();
    if (alert.getLastActionBy() != null) {
      why += fr ? " · par " + alert.getLastActionBy() : " · by " + alert.getLastActionBy();
    }
    Long latencyMs = alert.getExplanation().getDetectionLatencyMs();
    String latency =
        latencyMs == null
            ? ""
            : String.format(
                Locale.ROOT,
                fr
                    ? "Détecté %s min après le premier message"
                    : "Detected %s min after the first post",
                number(latencyMs / 60_000.0, fr));
    return new AlertMessage(
        language,
        headline,
        why,
        fr ? figuresFr(alert) : alert.getSummary(),
        List.copyOf(alert.getExplanation().getEvidence().getTopTerms()),
        List.copyOf(alert.getSamplePosts()),
        latency);
  }

  /**
   * The French figures: the main signal's, then the incident's organic/coordinated split (the
   * English summary detection writes ends with the same sentence in English).
   */
  private static String figuresFr(Alert alert) {
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

  /** A subject key in words. */
  static String subject(String key, boolean fr) {
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
      return fr
          ? "source " + after(key, SubjectKey.OPS_SOURCE) + " muette"
          : "source " + after(key, SubjectKey.OPS_SOURCE) + " silent";
    } else if (key.startsWith(SubjectKey.OPS_LAG)) {
      return fr
          ? "retard de " + after(key, SubjectKey.OPS_LAG)
          : "lag of " + after(key, SubjectKey.OPS_LAG);
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

  static String number(double value, boolean fr) {
    NumberFormat format = NumberFormat.getNumberInstance(fr ? Locale.FRANCE : Locale.ENGLISH);
    format.setMaximumFractionDigits(value < 10 ? 1 : 0);
    return format.format(value).replace('\u202f', ' ').replace('\u00a0', ' ');
  }

  /** The message as plain lines, for logs and for channels without formatting. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(headline);
    lines.add(why);
    lines.add(figures);
    if (!topTerms.isEmpty()) {
      lines.add((language.equals("fr") ? "Termes : " : "Terms: ") + String.join(", ", topTerms));
    }
    for (SamplePost sample : samples) {
      lines.add(
          "> "
              + (sample.getAuthorHandle() == null ? "" : "@" + sample.getAuthorHandle() + ": ")
              + sample.getTextExcerpt());
    }
    if (!latency.isEmpty()) {
      lines.add(latency);
    }
    return lines;
  }
}
