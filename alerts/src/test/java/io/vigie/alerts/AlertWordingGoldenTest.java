package io.vigie.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.alerts.dispatch.AlertMessage;
import io.vigie.alerts.dispatch.PagingPolicy;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.Evidence;
import io.vigie.schema.Explanation;
import io.vigie.schema.IncidentSplit;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Severity;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import io.vigie.streams.detect.DetectionSettings;
import io.vigie.streams.detect.IncidentAssembler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Pins every wording people read about an alert, as its three writers word it today: the English
 * title and summary detection persists in each Alert (Kafka, Elasticsearch), the French and English
 * channel messages, and the terminal's lines. The three vocabularies disagree on purpose (titles
 * say "Emerging" where messages say "Weak signal"); this test keeps each as it is. Each rendered
 * value is framed by angle brackets so that its spaces show.
 */
class AlertWordingGoldenTest {

  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  private static final List<String> SUBJECTS =
      List.of(
          "global",
          "crisis",
          "crisis-fr",
          "rule:acme",
          "hashtag:flood",
          "term:refund",
          "cluster:c42",
          "ops:lag:streams",
          "oddity");

  private static Signal signal(
      SignalKind kind, String subject, double observed, Map<String, String> details) {
    return Signal.newBuilder()
        .setId(kind + ":" + subject + ":" + observed + ":" + details.hashCode())
        .setKind(kind)
        .setSubjectKey(subject)
        .setWindowStart(T0)
        .setWindowEnd(T0.plusSeconds(300))
        .setObserved(observed)
        .setExpected(kind == SignalKind.SENTIMENT_SHIFT ? 0.183 : 3.46)
        .setScore(8.2)
        .setDetectedAt(T0.plusSeconds(300))
        .setPhase(SignalPhase.OPENED)
        .setFirstPostAt(T0.minusSeconds(150))
        .setHorizonMs(300_000)
        .setEvidence(
            Evidence.newBuilder()
                .setTopTerms(List.of("refund"))
                .setWatchRuleIds(List.of("acme"))
                .setDetails(details)
                .build())
        .build();
  }

  private static Alert opening(Signal signal) {
    return new IncidentAssembler(DetectionSettings.defaults().incidents())
        .onSignal(signal, T0.toEpochMilli())
        .get(0);
  }

  private static String persisted(String label, Alert alert) {
    return label
        + " title: <"
        + alert.getTitle()
        + ">\n"
        + label
        + " summary: <"
        + alert.getSummary()
        + ">\n";
  }

  @Test
  void shouldKeepThePersistedTitlesAndSummariesOfEverySignalAndSubjectKind() {
    StringBuilder out = new StringBuilder();
    Map<String, String> spike = Map.of("posts", "42");
    for (SignalKind kind : SignalKind.values()) {
      if (kind != SignalKind.UNKNOWN) {
        out.append(persisted(kind.name(), opening(signal(kind, "rule:acme", 42, spike))));
      }
    }
    for (String subject : SUBJECTS) {
      out.append(persisted(subject, opening(signal(SignalKind.SPIKE, subject, 42, spike))));
    }
    out.append(persisted("one post", opening(signal(SignalKind.SPIKE, "term:refund", 1, spike))));
    out.append(
        persisted(
            "window",
            opening(
                signal(
                    SignalKind.SPIKE,
                    "term:refund",
                    2,
                    Map.of(
                        "posts", "2",
                        "window_posts", "5",
                        "window_minutes", "25",
                        "window_expected", "0.64")))));
    out.append(
        persisted(
            "sentiment",
            opening(signal(SignalKind.SENTIMENT_SHIFT, "hashtag:flood", 0.625, Map.of()))));
    out.append(
        persisted(
            "coordination",
            opening(
                signal(
                    SignalKind.COORDINATION,
                    "cluster:c42",
                    12,
                    Map.of("distinct_accounts", "12", "median_gap_s", "4.5")))));
    out.append(
        persisted(
            "viral",
            opening(
                signal(
                    SignalKind.VIRAL_POST,
                    "term:refund",
                    80,
                    Map.of("reposting_accounts", "80")))));
    out.append(
        persisted(
            "weak",
            opening(
                signal(
                    SignalKind.WEAK_SIGNAL,
                    "term:refund",
                    6,
                    Map.of("reasons", "new term used by 6 authors")))));

    IncidentAssembler assembler = new IncidentAssembler(DetectionSettings.defaults().incidents());
    List<Alert> versions = new ArrayList<>();
    versions.addAll(
        assembler.onSignal(
            signal(
                SignalKind.SPIKE,
                "rule:acme",
                40,
                Map.of("posts", "40", "coordinated_posts", "10")),
            T0.toEpochMilli()));
    for (String subject : SUBJECTS) {
      versions.addAll(
          assembler.onSignal(
              signal(SignalKind.SPIKE, subject, 20, Map.of("posts", "20")), T0.toEpochMilli()));
    }
    out.append(persisted("merged", versions.get(versions.size() - 1)));

    assertThat(out.toString())
        .isEqualTo(
            """
            SPIKE title: <Volume spike: watch rule acme>
            SPIKE summary: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            WEAK_SIGNAL title: <Emerging: watch rule acme>
            WEAK_SIGNAL summary: <null (watch rule acme).>
            SENTIMENT_SHIFT title: <Negative turn: watch rule acme>
            SENTIMENT_SHIFT summary: <4200% of posts negative against 18% usually (watch rule acme).>
            COORDINATION title: <Coordinated posting: watch rule acme>
            COORDINATION summary: <null accounts posted near-identical text, median gap null s (watch rule acme). 42 posts in all: 0 organic, 42 coordinated copies (100%).>
            VIRAL_POST title: <Post spreading fast: watch rule acme>
            VIRAL_POST summary: <null accounts reposted one post (watch rule acme).>
            OPERATIONAL title: <Signal: watch rule acme>
            OPERATIONAL summary: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            global title: <Volume spike: all posts>
            global summary: <42 posts in 5 min against 3.5 expected (all posts).>
            crisis title: <Volume spike: crisis vocabulary>
            crisis summary: <42 posts in 5 min against 3.5 expected (crisis vocabulary).>
            crisis-fr title: <Volume spike: crisis vocabulary>
            crisis-fr summary: <42 posts in 5 min against 3.5 expected (crisis vocabulary).>
            rule:acme title: <Volume spike: watch rule acme>
            rule:acme summary: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            hashtag:flood title: <Volume spike: #flood>
            hashtag:flood summary: <42 posts in 5 min against 3.5 expected (#flood).>
            term:refund title: <Volume spike: 'refund'>
            term:refund summary: <42 posts in 5 min against 3.5 expected ('refund').>
            cluster:c42 title: <Volume spike: near-duplicates of c42>
            cluster:c42 summary: <42 posts in 5 min against 3.5 expected (near-duplicates of c42).>
            ops:lag:streams title: <Volume spike: all posts>
            ops:lag:streams summary: <42 posts in 5 min against 3.5 expected (all posts).>
            oddity title: <Volume spike: all posts>
            oddity summary: <42 posts in 5 min against 3.5 expected (all posts).>
            one post title: <Volume spike: 'refund'>
            one post summary: <1 post in 5 min against 3.5 expected ('refund').>
            window title: <Volume spike: 'refund'>
            window summary: <5 posts in 25 min against 0.6 expected ('refund').>
            sentiment title: <Negative turn: #flood>
            sentiment summary: <63% of posts negative against 18% usually (#flood).>
            coordination title: <Coordinated posting: near-duplicates of c42>
            coordination summary: <12 accounts posted near-identical text, median gap 4.5 s (near-duplicates of c42).>
            viral title: <Post spreading fast: 'refund'>
            viral summary: <80 accounts reposted one post ('refund').>
            weak title: <Emerging: 'refund'>
            weak summary: <new term used by 6 authors ('refund').>
            merged title: <Volume spike: watch rule acme>
            merged summary: <40 posts in 5 min against 3.5 expected (watch rule acme). Also: all posts, crisis vocabulary, crisis vocabulary, #flood, 'refund', near-duplicates of c42. 40 posts in all: 30 organic, 10 coordinated copies (25%).>
            """);
  }

  private static Alert alert(SignalKind kind, String subject, Severity severity) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("posts", "42");
    details.put("distinct_accounts", "12");
    details.put("reposting_accounts", "80");
    details.put("summary_fr", "La source mastodon se tait depuis 30 min");
    return Alert.newBuilder()
        .setId("inc-1")
        .setVersion(2)
        .setStatus(AlertStatus.OPEN)
        .setSeverity(severity)
        .setKind(kind)
        .setSubjectKeys(subject == null ? List.of() : List.of(subject, "term:refund"))
        .setWatchRuleIds(List.of("acme"))
        .setTitle("Volume spike: watch rule acme")
        .setSummary("42 posts in 5 min against 3.5 expected (watch rule acme).")
        .setExplanation(
            Explanation.newBuilder()
                .setObserved(kind == SignalKind.SENTIMENT_SHIFT ? 0.625 : 12345.6)
                .setExpected(kind == SignalKind.SENTIMENT_SHIFT ? 0.183 : 3.46)
                .setScore(8.2)
                .setBaseline("daily cycle, 14 days")
                .setEvidence(
                    Evidence.newBuilder()
                        .setTopTerms(List.of("refund", "scandal"))
                        .setDetails(details)
                        .build())
                .setDetectionLatencyMs(150_000L)
                .build())
        .setSamplePosts(
            List.of(
                SamplePost.newBuilder()
                    .setKey("twitter:1")
                    .setTextExcerpt("ACME refund scandal")
                    .setCreatedAt(T0)
                    .setAuthorHandle("angry_customer")
                    .build(),
                SamplePost.newBuilder()
                    .setKey("twitter:2")
                    .setTextExcerpt("no refund yet")
                    .setCreatedAt(T0)
                    .build()))
        .setFirstSeen(T0)
        .setLastSeen(T0)
        .setUpdatedAt(T0)
        .build();
  }

  private static Alert explained(Alert alert, UnaryOperator<Explanation.Builder> change) {
    return Alert.newBuilder(alert)
        .setExplanation(change.apply(Explanation.newBuilder(alert.getExplanation())).build())
        .build();
  }

  private static Alert withDetails(Alert alert, Map<String, String> details) {
    return explained(
        alert,
        e -> e.setEvidence(Evidence.newBuilder(e.getEvidence()).setDetails(details).build()));
  }

  private static String message(String label, Alert alert, PagingPolicy.Reason reason) {
    StringBuilder out = new StringBuilder();
    for (String language : List.of("fr", "en")) {
      AlertMessage message = AlertMessage.of(alert, reason, language);
      out.append(label).append(' ').append(language).append(" headline: <");
      out.append(message.headline()).append(">\n");
      out.append(label).append(' ').append(language).append(" why: <");
      out.append(message.why()).append(">\n");
      out.append(label).append(' ').append(language).append(" figures: <");
      out.append(message.figures()).append(">\n");
      out.append(label).append(' ').append(language).append(" latency: <");
      out.append(message.latency()).append(">\n");
    }
    return out.toString();
  }

  @Test
  void shouldKeepTheChannelMessagesInFrenchAndEnglish() {
    StringBuilder out = new StringBuilder();
    for (SignalKind kind : SignalKind.values()) {
      out.append(
          message(
              kind.name(), alert(kind, "rule:acme", Severity.HIGH), PagingPolicy.Reason.OPENED));
    }
    for (Severity severity : Severity.values()) {
      out.append(
          message(
              severity.name(),
              alert(SignalKind.SPIKE, "rule:acme", severity),
              PagingPolicy.Reason.ESCALATED));
    }
    List<String> subjects = new ArrayList<>(SUBJECTS);
    subjects.addAll(
        List.of(
            "ops:source:mastodon", "ops:dead-letters:posts.dlq", "ops:elasticsearch", "ops:disk"));
    for (String subject : subjects) {
      out.append(
          message(
              subject, alert(SignalKind.SPIKE, subject, Severity.LOW), PagingPolicy.Reason.OPENED));
    }
    out.append(
        message(
            "no subject", alert(SignalKind.SPIKE, null, Severity.LOW), PagingPolicy.Reason.OPENED));
    Alert resolved =
        Alert.newBuilder(alert(SignalKind.SPIKE, "rule:acme", Severity.MEDIUM))
            .setStatus(AlertStatus.RESOLVED)
            .setLastActionBy("camille")
            .build();
    out.append(message("resolved", resolved, PagingPolicy.Reason.ENDED));
    Alert falsePositive = Alert.newBuilder(resolved).setStatus(AlertStatus.FALSE_POSITIVE).build();
    out.append(message("false positive", falsePositive, PagingPolicy.Reason.ENDED));
    Alert small =
        explained(
            alert(SignalKind.SPIKE, "rule:acme", Severity.LOW),
            e -> e.setObserved(7.25).setDetectionLatencyMs(null));
    Map<String, String> details = new HashMap<>(small.getExplanation().getEvidence().getDetails());
    new IncidentSplit(120, 30).writeTo(details);
    small = withDetails(small, details);
    out.append(message("small with split", small, PagingPolicy.Reason.OPENED));
    for (String language : List.of("fr", "en")) {
      for (String line : AlertMessage.of(small, PagingPolicy.Reason.OPENED, language).lines()) {
        out.append("lines ").append(language).append(": <").append(line).append(">\n");
      }
    }

    assertThat(out.toString())
        .isEqualTo(
            """
            UNKNOWN fr headline: <[HAUTE] Signal : règle acme>
            UNKNOWN fr why: <Nouvel incident · version 2>
            UNKNOWN fr figures: <12 346 messages observés pour 3,5 attendus>
            UNKNOWN fr latency: <Détecté 2,5 min après le premier message>
            UNKNOWN en headline: <[HIGH] Signal: watch rule acme>
            UNKNOWN en why: <New incident · version 2>
            UNKNOWN en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            UNKNOWN en latency: <Detected 2.5 min after the first post>
            SPIKE fr headline: <[HAUTE] Pic de volume : règle acme>
            SPIKE fr why: <Nouvel incident · version 2>
            SPIKE fr figures: <12 346 messages observés pour 3,5 attendus>
            SPIKE fr latency: <Détecté 2,5 min après le premier message>
            SPIKE en headline: <[HIGH] Volume spike: watch rule acme>
            SPIKE en why: <New incident · version 2>
            SPIKE en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            SPIKE en latency: <Detected 2.5 min after the first post>
            WEAK_SIGNAL fr headline: <[HAUTE] Signal faible : règle acme>
            WEAK_SIGNAL fr why: <Nouvel incident · version 2>
            WEAK_SIGNAL fr figures: <12 346 messages observés pour 3,5 attendus>
            WEAK_SIGNAL fr latency: <Détecté 2,5 min après le premier message>
            WEAK_SIGNAL en headline: <[HIGH] Weak signal: watch rule acme>
            WEAK_SIGNAL en why: <New incident · version 2>
            WEAK_SIGNAL en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            WEAK_SIGNAL en latency: <Detected 2.5 min after the first post>
            SENTIMENT_SHIFT fr headline: <[HAUTE] Dégradation du sentiment : règle acme>
            SENTIMENT_SHIFT fr why: <Nouvel incident · version 2>
            SENTIMENT_SHIFT fr figures: <62 % de messages négatifs contre 18 % d'habitude>
            SENTIMENT_SHIFT fr latency: <Détecté 2,5 min après le premier message>
            SENTIMENT_SHIFT en headline: <[HIGH] Negative turn: watch rule acme>
            SENTIMENT_SHIFT en why: <New incident · version 2>
            SENTIMENT_SHIFT en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            SENTIMENT_SHIFT en latency: <Detected 2.5 min after the first post>
            COORDINATION fr headline: <[HAUTE] Publication coordonnée : règle acme>
            COORDINATION fr why: <Nouvel incident · version 2>
            COORDINATION fr figures: <12 comptes ont publié un texte quasi identique>
            COORDINATION fr latency: <Détecté 2,5 min après le premier message>
            COORDINATION en headline: <[HIGH] Coordinated posting: watch rule acme>
            COORDINATION en why: <New incident · version 2>
            COORDINATION en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            COORDINATION en latency: <Detected 2.5 min after the first post>
            VIRAL_POST fr headline: <[HAUTE] Publication virale : règle acme>
            VIRAL_POST fr why: <Nouvel incident · version 2>
            VIRAL_POST fr figures: <80 comptes ont repartagé un message>
            VIRAL_POST fr latency: <Détecté 2,5 min après le premier message>
            VIRAL_POST en headline: <[HIGH] Post spreading fast: watch rule acme>
            VIRAL_POST en why: <New incident · version 2>
            VIRAL_POST en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            VIRAL_POST en latency: <Detected 2.5 min after the first post>
            OPERATIONAL fr headline: <[HAUTE] Exploitation : règle acme>
            OPERATIONAL fr why: <Nouvel incident · version 2>
            OPERATIONAL fr figures: <La source mastodon se tait depuis 30 min>
            OPERATIONAL fr latency: <Détecté 2,5 min après le premier message>
            OPERATIONAL en headline: <[HIGH] Operations: watch rule acme>
            OPERATIONAL en why: <New incident · version 2>
            OPERATIONAL en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            OPERATIONAL en latency: <Detected 2.5 min after the first post>
            UNKNOWN fr headline: <[INCONNUE] Pic de volume : règle acme>
            UNKNOWN fr why: <Aggravation (gravité inconnue) · version 2>
            UNKNOWN fr figures: <12 346 messages observés pour 3,5 attendus>
            UNKNOWN fr latency: <Détecté 2,5 min après le premier message>
            UNKNOWN en headline: <[UNKNOWN] Volume spike: watch rule acme>
            UNKNOWN en why: <Escalated to UNKNOWN · version 2>
            UNKNOWN en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            UNKNOWN en latency: <Detected 2.5 min after the first post>
            INFO fr headline: <[INFO] Pic de volume : règle acme>
            INFO fr why: <Aggravation (gravité info) · version 2>
            INFO fr figures: <12 346 messages observés pour 3,5 attendus>
            INFO fr latency: <Détecté 2,5 min après le premier message>
            INFO en headline: <[INFO] Volume spike: watch rule acme>
            INFO en why: <Escalated to INFO · version 2>
            INFO en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            INFO en latency: <Detected 2.5 min after the first post>
            LOW fr headline: <[FAIBLE] Pic de volume : règle acme>
            LOW fr why: <Aggravation (gravité faible) · version 2>
            LOW fr figures: <12 346 messages observés pour 3,5 attendus>
            LOW fr latency: <Détecté 2,5 min après le premier message>
            LOW en headline: <[LOW] Volume spike: watch rule acme>
            LOW en why: <Escalated to LOW · version 2>
            LOW en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            LOW en latency: <Detected 2.5 min after the first post>
            MEDIUM fr headline: <[MOYENNE] Pic de volume : règle acme>
            MEDIUM fr why: <Aggravation (gravité moyenne) · version 2>
            MEDIUM fr figures: <12 346 messages observés pour 3,5 attendus>
            MEDIUM fr latency: <Détecté 2,5 min après le premier message>
            MEDIUM en headline: <[MEDIUM] Volume spike: watch rule acme>
            MEDIUM en why: <Escalated to MEDIUM · version 2>
            MEDIUM en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            MEDIUM en latency: <Detected 2.5 min after the first post>
            HIGH fr headline: <[HAUTE] Pic de volume : règle acme>
            HIGH fr why: <Aggravation (gravité haute) · version 2>
            HIGH fr figures: <12 346 messages observés pour 3,5 attendus>
            HIGH fr latency: <Détecté 2,5 min après le premier message>
            HIGH en headline: <[HIGH] Volume spike: watch rule acme>
            HIGH en why: <Escalated to HIGH · version 2>
            HIGH en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            HIGH en latency: <Detected 2.5 min after the first post>
            CRITICAL fr headline: <[CRITIQUE] Pic de volume : règle acme>
            CRITICAL fr why: <Aggravation (gravité critique) · version 2>
            CRITICAL fr figures: <12 346 messages observés pour 3,5 attendus>
            CRITICAL fr latency: <Détecté 2,5 min après le premier message>
            CRITICAL en headline: <[CRITICAL] Volume spike: watch rule acme>
            CRITICAL en why: <Escalated to CRITICAL · version 2>
            CRITICAL en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            CRITICAL en latency: <Detected 2.5 min after the first post>
            global fr headline: <[FAIBLE] Pic de volume : tous les messages>
            global fr why: <Nouvel incident · version 2>
            global fr figures: <12 346 messages observés pour 3,5 attendus>
            global fr latency: <Détecté 2,5 min après le premier message>
            global en headline: <[LOW] Volume spike: all posts>
            global en why: <New incident · version 2>
            global en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            global en latency: <Detected 2.5 min after the first post>
            crisis fr headline: <[FAIBLE] Pic de volume : vocabulaire de crise>
            crisis fr why: <Nouvel incident · version 2>
            crisis fr figures: <12 346 messages observés pour 3,5 attendus>
            crisis fr latency: <Détecté 2,5 min après le premier message>
            crisis en headline: <[LOW] Volume spike: crisis vocabulary>
            crisis en why: <New incident · version 2>
            crisis en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            crisis en latency: <Detected 2.5 min after the first post>
            crisis-fr fr headline: <[FAIBLE] Pic de volume : crisis-fr>
            crisis-fr fr why: <Nouvel incident · version 2>
            crisis-fr fr figures: <12 346 messages observés pour 3,5 attendus>
            crisis-fr fr latency: <Détecté 2,5 min après le premier message>
            crisis-fr en headline: <[LOW] Volume spike: crisis-fr>
            crisis-fr en why: <New incident · version 2>
            crisis-fr en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            crisis-fr en latency: <Detected 2.5 min after the first post>
            rule:acme fr headline: <[FAIBLE] Pic de volume : règle acme>
            rule:acme fr why: <Nouvel incident · version 2>
            rule:acme fr figures: <12 346 messages observés pour 3,5 attendus>
            rule:acme fr latency: <Détecté 2,5 min après le premier message>
            rule:acme en headline: <[LOW] Volume spike: watch rule acme>
            rule:acme en why: <New incident · version 2>
            rule:acme en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            rule:acme en latency: <Detected 2.5 min after the first post>
            hashtag:flood fr headline: <[FAIBLE] Pic de volume : #flood>
            hashtag:flood fr why: <Nouvel incident · version 2>
            hashtag:flood fr figures: <12 346 messages observés pour 3,5 attendus>
            hashtag:flood fr latency: <Détecté 2,5 min après le premier message>
            hashtag:flood en headline: <[LOW] Volume spike: #flood>
            hashtag:flood en why: <New incident · version 2>
            hashtag:flood en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            hashtag:flood en latency: <Detected 2.5 min after the first post>
            term:refund fr headline: <[FAIBLE] Pic de volume : « refund »>
            term:refund fr why: <Nouvel incident · version 2>
            term:refund fr figures: <12 346 messages observés pour 3,5 attendus>
            term:refund fr latency: <Détecté 2,5 min après le premier message>
            term:refund en headline: <[LOW] Volume spike: "refund">
            term:refund en why: <New incident · version 2>
            term:refund en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            term:refund en latency: <Detected 2.5 min after the first post>
            cluster:c42 fr headline: <[FAIBLE] Pic de volume : messages quasi identiques>
            cluster:c42 fr why: <Nouvel incident · version 2>
            cluster:c42 fr figures: <12 346 messages observés pour 3,5 attendus>
            cluster:c42 fr latency: <Détecté 2,5 min après le premier message>
            cluster:c42 en headline: <[LOW] Volume spike: near-identical posts>
            cluster:c42 en why: <New incident · version 2>
            cluster:c42 en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            cluster:c42 en latency: <Detected 2.5 min after the first post>
            ops:lag:streams fr headline: <[FAIBLE] Pic de volume : retard de streams>
            ops:lag:streams fr why: <Nouvel incident · version 2>
            ops:lag:streams fr figures: <12 346 messages observés pour 3,5 attendus>
            ops:lag:streams fr latency: <Détecté 2,5 min après le premier message>
            ops:lag:streams en headline: <[LOW] Volume spike: lag of streams>
            ops:lag:streams en why: <New incident · version 2>
            ops:lag:streams en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            ops:lag:streams en latency: <Detected 2.5 min after the first post>
            oddity fr headline: <[FAIBLE] Pic de volume : oddity>
            oddity fr why: <Nouvel incident · version 2>
            oddity fr figures: <12 346 messages observés pour 3,5 attendus>
            oddity fr latency: <Détecté 2,5 min après le premier message>
            oddity en headline: <[LOW] Volume spike: oddity>
            oddity en why: <New incident · version 2>
            oddity en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            oddity en latency: <Detected 2.5 min after the first post>
            ops:source:mastodon fr headline: <[FAIBLE] Pic de volume : source mastodon muette>
            ops:source:mastodon fr why: <Nouvel incident · version 2>
            ops:source:mastodon fr figures: <12 346 messages observés pour 3,5 attendus>
            ops:source:mastodon fr latency: <Détecté 2,5 min après le premier message>
            ops:source:mastodon en headline: <[LOW] Volume spike: source mastodon silent>
            ops:source:mastodon en why: <New incident · version 2>
            ops:source:mastodon en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            ops:source:mastodon en latency: <Detected 2.5 min after the first post>
            ops:dead-letters:posts.dlq fr headline: <[FAIBLE] Pic de volume : lettres mortes de posts.dlq>
            ops:dead-letters:posts.dlq fr why: <Nouvel incident · version 2>
            ops:dead-letters:posts.dlq fr figures: <12 346 messages observés pour 3,5 attendus>
            ops:dead-letters:posts.dlq fr latency: <Détecté 2,5 min après le premier message>
            ops:dead-letters:posts.dlq en headline: <[LOW] Volume spike: dead letters of posts.dlq>
            ops:dead-letters:posts.dlq en why: <New incident · version 2>
            ops:dead-letters:posts.dlq en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            ops:dead-letters:posts.dlq en latency: <Detected 2.5 min after the first post>
            ops:elasticsearch fr headline: <[FAIBLE] Pic de volume : Elasticsearch injoignable>
            ops:elasticsearch fr why: <Nouvel incident · version 2>
            ops:elasticsearch fr figures: <12 346 messages observés pour 3,5 attendus>
            ops:elasticsearch fr latency: <Détecté 2,5 min après le premier message>
            ops:elasticsearch en headline: <[LOW] Volume spike: Elasticsearch unreachable>
            ops:elasticsearch en why: <New incident · version 2>
            ops:elasticsearch en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            ops:elasticsearch en latency: <Detected 2.5 min after the first post>
            ops:disk fr headline: <[FAIBLE] Pic de volume : ops:disk>
            ops:disk fr why: <Nouvel incident · version 2>
            ops:disk fr figures: <12 346 messages observés pour 3,5 attendus>
            ops:disk fr latency: <Détecté 2,5 min après le premier message>
            ops:disk en headline: <[LOW] Volume spike: ops:disk>
            ops:disk en why: <New incident · version 2>
            ops:disk en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            ops:disk en latency: <Detected 2.5 min after the first post>
            no subject fr headline: <[FAIBLE] Pic de volume : >
            no subject fr why: <Nouvel incident · version 2>
            no subject fr figures: <12 346 messages observés pour 3,5 attendus>
            no subject fr latency: <Détecté 2,5 min après le premier message>
            no subject en headline: <[LOW] Volume spike: >
            no subject en why: <New incident · version 2>
            no subject en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            no subject en latency: <Detected 2.5 min after the first post>
            resolved fr headline: <[MOYENNE] Pic de volume : règle acme>
            resolved fr why: <Terminé · version 2 · par camille>
            resolved fr figures: <12 346 messages observés pour 3,5 attendus>
            resolved fr latency: <Détecté 2,5 min après le premier message>
            resolved en headline: <[MEDIUM] Volume spike: watch rule acme>
            resolved en why: <Ended · version 2 · by camille>
            resolved en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            resolved en latency: <Detected 2.5 min after the first post>
            false positive fr headline: <[MOYENNE] Pic de volume : règle acme>
            false positive fr why: <Terminé : marqué faux positif · version 2 · par camille>
            false positive fr figures: <12 346 messages observés pour 3,5 attendus>
            false positive fr latency: <Détecté 2,5 min après le premier message>
            false positive en headline: <[MEDIUM] Volume spike: watch rule acme>
            false positive en why: <Ended: marked as a false positive · version 2 · by camille>
            false positive en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            false positive en latency: <Detected 2.5 min after the first post>
            small with split fr headline: <[FAIBLE] Pic de volume : règle acme>
            small with split fr why: <Nouvel incident · version 2>
            small with split fr figures: <7,2 messages observés pour 3,5 attendus. 120 messages en tout : 90 organiques, 30 copies coordonnées (25 %).>
            small with split fr latency: <>
            small with split en headline: <[LOW] Volume spike: watch rule acme>
            small with split en why: <New incident · version 2>
            small with split en figures: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            small with split en latency: <>
            lines fr: <[FAIBLE] Pic de volume : règle acme>
            lines fr: <Nouvel incident · version 2>
            lines fr: <7,2 messages observés pour 3,5 attendus. 120 messages en tout : 90 organiques, 30 copies coordonnées (25 %).>
            lines fr: <Termes : refund, scandal>
            lines fr: <> @angry_customer: ACME refund scandal>
            lines fr: <> no refund yet>
            lines en: <[LOW] Volume spike: watch rule acme>
            lines en: <New incident · version 2>
            lines en: <42 posts in 5 min against 3.5 expected (watch rule acme).>
            lines en: <Terms: refund, scandal>
            lines en: <> @angry_customer: ACME refund scandal>
            lines en: <> no refund yet>
            """);
  }

  @Test
  void shouldKeepTheTerminalLines() {
    StringWriter printed = new StringWriter();
    AlertPrinter printer = new AlertPrinter(new PrintWriter(printed));
    Alert alert = alert(SignalKind.SPIKE, "rule:acme", Severity.HIGH);
    List<SamplePost> samples = new ArrayList<>(alert.getSamplePosts());
    samples.set(
        1,
        SamplePost.newBuilder(samples.get(1)).setTextExcerpt("x\u001b[31m\ty".repeat(30)).build());
    Map<String, String> details = new HashMap<>(alert.getExplanation().getEvidence().getDetails());
    details.put("organic_posts", "30");
    details.put("coordinated_posts", "12");
    details.put("distinct_authors", "25");
    details.put("negative_posts", "20");
    details.put("positive_posts", "3");
    Alert opening =
        withDetails(Alert.newBuilder(alert).setVersion(1).setSamplePosts(samples).build(), details);
    printer.print(opening);
    Map<String, String> split = new HashMap<>(details);
    new IncidentSplit(120, 30).writeTo(split);
    Alert withSplit =
        explained(
            withDetails(Alert.newBuilder(opening).setId("inc-2").build(), split),
            e ->
                e.setDetectionLatencyMs(42_000L)
                    .setBaseline(null)
                    .setEvidence(
                        Evidence.newBuilder(e.getEvidence()).setTopTerms(List.of()).build()));
    new AlertPrinter(new PrintWriter(printed), Duration.ofHours(-2), true).print(withSplit);
    Alert bare =
        explained(
            withDetails(
                Alert.newBuilder(withSplit).setId("inc-3").setSamplePosts(List.of()).build(),
                Map.of()),
            e -> e.setDetectionLatencyMs(null));
    printer.print(bare);
    printer.print(
        Alert.newBuilder(opening).setVersion(2).setSummary("85 posts\nin 50 min").build());
    printer.print(
        Alert.newBuilder(opening)
            .setVersion(3)
            .setStatus(AlertStatus.ACKNOWLEDGED)
            .setSeverity(Severity.CRITICAL)
            .build());
    printer.print(
        Alert.newBuilder(opening).setVersion(4).setStatus(AlertStatus.FALSE_POSITIVE).build());

    StringBuilder out = new StringBuilder();
    for (String line : printed.toString().split("\\R", -1)) {
      out.append('<').append(line).append(">\n");
    }
    assertThat(out.toString())
        .isEqualTo(
            """
            <>
            <[HIGH] Volume spike: watch rule acme  2026-03-02 12:00:00 UTC  (SPIKE, inc-1)>
            <  42 posts in 5 min against 3.5 expected (watch rule acme).>
            <  observed 1.23e+04, expected 3.46, score 8.20, detected 2 min 30 s after the first post>
            <  baseline: daily cycle, 14 days>
            <  top terms: refund, scandal>
            <  posts 42 (organic 30, coordinated 12), authors 25, negative 20 / positive 3>
            <  > @angry_customer: ACME refund scandal>
            <  > x[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[…>
            <>
            <[HIGH] Volume spike: watch rule acme  2026-03-02 10:00:00 UTC  (SPIKE, inc-2)>
            <  42 posts in 5 min against 3.5 expected (watch rule acme).>
            <  observed 1.23e+04, expected 3.46, score 8.20, detected 42 s after the first post>
            <  posts 120 (organic 90, coordinated 30), authors 25, negative 20 / positive 3>
            <  > @angry_customer: ACME refund scandal>
            <  > x[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[31m yx[…>
            <>
            <[HIGH] Volume spike: watch rule acme  2026-03-02 12:00:00 UTC  (SPIKE, inc-3)>
            <  42 posts in 5 min against 3.5 expected (watch rule acme).>
            <  observed 1.23e+04, expected 3.46, score 8.20>
            <  inc-1 v2 updated HIGH: 85 posts in 50 min>
            <  inc-1 v3 acknowledged CRITICAL: 42 posts in 5 min against 3.5 expected (watch rule acme).>
            <  inc-1 v4 false_positive HIGH: 42 posts in 5 min against 3.5 expected (watch rule acme).>
            <>
            """);
  }
}
