package io.vigie.streams.detect;

import io.vigie.schema.Observation;
import java.time.Instant;
import java.util.List;

/** Observations for tests, built the way {@link Observations} would. */
final class Posts {

  static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

  private static int sequence;

  private Posts() {}

  static Observation.Builder about(String subject, Instant at) {
    int id = sequence++;
    return Observation.newBuilder()
        .setSubject(subject)
        .setPostKey("test:" + id)
        .setEventTime(at)
        .setAuthor("test:author-" + id)
        .setText("post " + id)
        .setWords(List.of())
        .setWindowStart(Instant.ofEpochMilli(0))
        .setWindowVolume(0);
  }

  static Observation post(String subject, Instant at) {
    return about(subject, at).build();
  }

  static Instant minutes(double minutes) {
    return T0.plusMillis(Math.round(minutes * 60_000));
  }
}
