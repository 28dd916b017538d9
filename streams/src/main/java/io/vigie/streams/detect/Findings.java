package io.vigie.streams.detect;

import io.vigie.schema.Evidence;
import io.vigie.schema.Signal;
import io.vigie.schema.SignalKind;
import io.vigie.schema.SignalPhase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Builds the {@link Signal} records the detectors emit, with their deterministic ids. */
final class Findings {

  private Findings() {}

  /**
   * A finding about {@code subject}: the id names the kind, the horizon, the subject and the start
   * of the episode, so that an episode's opening, updates and end share it.
   */
  static Signal signal(
      SignalKind kind,
      SignalPhase phase,
      String subject,
      long horizonMs,
      long episodeStart,
      long windowStart,
      long windowEnd,
      double observed,
      double expected,
      double score,
      Long firstPostAt,
      long now,
      long triggeredAt,
      Evidence evidence) {
    String id =
        kind.name().toLowerCase(Locale.ROOT)
            + ":"
            + horizonMs / 1000
            + "s:"
            + subject
            + "@"
            + Instant.ofEpochMilli(episodeStart);
    return Signal.newBuilder()
        .setId(id)
        .setKind(kind)
        .setSubjectKey(subject)
        .setWindowStart(Instant.ofEpochMilli(windowStart))
        .setWindowEnd(Instant.ofEpochMilli(windowEnd))
        .setObserved(observed)
        .setExpected(expected)
        .setScore(Double.isFinite(score) ? score : 1e9)
        .setDetectedAt(Instant.ofEpochMilli(now))
        .setPhase(phase)
        .setFirstPostAt(firstPostAt == null ? null : Instant.ofEpochMilli(firstPostAt))
        .setHorizonMs(horizonMs)
        .setEvidence(withTrigger(evidence, triggeredAt))
        .build();
  }

  /** Event time at which the finding was made: the post that tipped it, or the watermark. */
  static final String TRIGGERED_AT = "triggered_at_ms";

  private static Evidence withTrigger(Evidence evidence, long triggeredAt) {
    Map<String, String> details = new LinkedHashMap<>(evidence.getDetails());
    details.put(TRIGGERED_AT, Long.toString(triggeredAt));
    return Evidence.newBuilder(evidence).setDetails(details).build();
  }

  static String format(double value) {
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
