package io.vigie.core.text;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people type them on a command line: {@code 90s}, {@code 30m}, {@code 2h}, {@code
 * 1d}, or ISO-8601.
 */
public final class Durations {

  private Durations() {}

  public static Duration parse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("p")) {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    }
    if (value.length() < 2) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 90s, 30m, 2h, 1d)");
    }
    long amount;
    try {
      amount = Long.parseLong(value.substring(0, value.length() - 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 90s, 30m, 2h, 1d)");
    }
    return switch (value.charAt(value.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      case 'd' -> Duration.ofDays(amount);
      default ->
          throw new IllegalArgumentException("durations end in s, m, h or d: '" + text + "'");
    };
  }
}
