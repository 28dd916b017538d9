package io.vigie.ingest.generate;

import io.vigie.core.text.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * An episode planted in generated traffic, starting {@code offset} after the start of the
 * generation: a crisis onset (crisis vocabulary rising, a few authors then many), a brand's bad
 * buzz (negative posts, one of them reshared widely), or an astroturf burst (new accounts posting
 * near-identical praise within minutes), or an emerging story (a new word mentioned by a few
 * authors, then more and more over six hours, until it bursts).
 */
public record Scenario(Kind kind, Duration offset, String subject, String language) {

  /** What is planted, and the alert kind a detector should raise for it. */
  public enum Kind {
    CRISIS("SPIKE"),
    BAD_BUZZ("SENTIMENT_SHIFT"),
    ASTROTURF("COORDINATION"),
    EMERGING("WEAK_SIGNAL");

    private final String expectedSignal;

    Kind(String expectedSignal) {
      this.expectedSignal = expectedSignal;
    }

    public String expectedSignal() {
      return expectedSignal;
    }
  }

  /** A name unique to this episode, e.g. {@code crisis@30m:Villeurbanne}, carried by its posts. */
  public String label() {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "@"
        + offset.toMinutes()
        + "m:"
        + subject;
  }

  /**
   * Parses {@code kind@offset[:subject[:language]]}, e.g. {@code crisis@30m}, {@code
   * bad-buzz@2h:Fnac:fr}, {@code astroturf@90m}.
   */
  public static Scenario parse(String spec) {
    String[] parts = spec.split("@", 2);
    if (parts.length != 2) {
      throw new IllegalArgumentException(
          "expected kind@offset[:subject[:language]], e.g. crisis@30m: " + spec);
    }
    Kind kind =
        switch (parts[0].toLowerCase(Locale.ROOT).replace("-", "").replace("_", "")) {
          case "crisis" -> Kind.CRISIS;
          case "badbuzz" -> Kind.BAD_BUZZ;
          case "astroturf" -> Kind.ASTROTURF;
          case "emerging" -> Kind.EMERGING;
          default ->
              throw new IllegalArgumentException(
                  "unknown scenario '" + parts[0] + "': crisis, bad-buzz, astroturf or emerging");
        };
    String[] rest = parts[1].split(":");
    Duration offset = Durations.parse(rest[0]);
    String subject = rest.length > 1 && !rest[1].isBlank() ? rest[1] : defaultSubject(kind);
    String language = rest.length > 2 ? rest[2].toLowerCase(Locale.ROOT) : "fr";
    if (!language.equals("fr") && !language.equals("en")) {
      throw new IllegalArgumentException("scenario language must be fr or en: " + spec);
    }
    return new Scenario(kind, offset, subject, language);
  }

  private static String defaultSubject(Kind kind) {
    return switch (kind) {
      case CRISIS -> "Villeurbanne";
      case BAD_BUZZ -> "Brioche Dorée";
      case ASTROTURF -> "NovaPhone X";
      case EMERGING -> "Tarifgate";
    };
  }
}
