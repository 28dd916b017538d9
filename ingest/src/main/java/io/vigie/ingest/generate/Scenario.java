package io.vigie.ingest.generate;

import java.time.Duration;
import java.util.Locale;

/**
 * An episode planted in generated traffic, starting {@code offset} after the start of the
 * generation: a crisis onset (crisis vocabulary rising, a few authors then many), a brand's bad
 * buzz (negative posts, one of them reshared widely), or an astroturf burst (new accounts posting
 * near-identical praise within minutes).
 */
public record Scenario(Kind kind, Duration offset, String subject, String language) {

  /** What is planted, and the alert kind a detector should raise for it. */
  public enum Kind {
    CRISIS("SPIKE"),
    BAD_BUZZ("SENTIMENT_SHIFT"),
    ASTROTURF("COORDINATION");

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
          default ->
              throw new IllegalArgumentException(
                  "unknown scenario '" + parts[0] + "': crisis, bad-buzz or astroturf");
        };
    String[] rest = parts[1].split(":");
    Duration offset = duration(rest[0]);
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
    };
  }

  /** {@code 90s}, {@code 30m}, {@code 2h}, {@code 1d}, or ISO-8601 ({@code PT30M}). */
  static Duration duration(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    }
    long amount = Long.parseLong(value.substring(0, value.length() - 1));
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("durations end in s, m, h or d: " + text);
    };
  }
}
