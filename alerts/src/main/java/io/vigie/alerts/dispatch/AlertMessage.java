package io.vigie.alerts.dispatch;

import io.vigie.core.text.AlertText;
import io.vigie.schema.Alert;
import io.vigie.schema.SamplePost;
import java.util.ArrayList;
import java.util.List;

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

  public static AlertMessage of(Alert alert, PagingPolicy.Reason reason, String language) {
    boolean fr = language.equals("fr");
    String why =
        switch (reason) {
          case OPENED -> AlertText.opened(fr);
          case ESCALATED -> AlertText.escalated(alert.getSeverity(), fr);
          case ENDED -> AlertText.ended(alert.getStatus(), fr);
        };
    return new AlertMessage(
        language,
        AlertText.headline(alert, fr),
        why + AlertText.versionAndActor(alert, fr),
        AlertText.figures(alert, fr),
        List.copyOf(alert.getExplanation().getEvidence().getTopTerms()),
        List.copyOf(alert.getSamplePosts()),
        AlertText.latency(alert, fr));
  }

  /** The message as plain lines, for logs and for channels without formatting. */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(headline);
    lines.add(why);
    lines.add(figures);
    if (!topTerms.isEmpty()) {
      lines.add(AlertText.terms(topTerms, language.equals("fr")));
    }
    for (SamplePost sample : samples) {
      lines.add(AlertText.sample(sample));
    }
    if (!latency.isEmpty()) {
      lines.add(latency);
    }
    return lines;
  }
}
