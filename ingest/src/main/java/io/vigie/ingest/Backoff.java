package io.vigie.ingest;

import java.time.Duration;

/** Exponential backoff shared by the connectors: each wait doubles, never beyond a maximum. */
public final class Backoff {

  private Backoff() {}

  /** The wait after {@code current}: twice as long, capped at {@code max}. */
  public static Duration next(Duration current, Duration max) {
    Duration doubled = current.multipliedBy(2);
    return doubled.compareTo(max) > 0 ? max : doubled;
  }
}
