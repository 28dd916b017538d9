package io.vigie.core.text;

/**
 * Numbers read from a signal's evidence details, which are strings: each absent or unreadable
 * figure reads as 0, so that a detector that leaves one out (or an older record) never stops
 * incident assembly or the wording of an alert.
 */
public final class DetailNumbers {

  private DetailNumbers() {}

  /** A decimal detail; 0 when absent or unreadable. */
  public static double decimal(String value) {
    try {
      return value == null ? 0 : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A whole-number detail (a count, minutes), rounded; 0 when absent or unreadable. */
  public static long wholeNumber(String value) {
    return Math.round(decimal(value));
  }
}
