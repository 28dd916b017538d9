package io.vigie.streams.detect;

import io.vigie.schema.Alert;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Observation;
import io.vigie.schema.Signal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The live detectors run over history in one thread, as fast as the machine allows, with the
 * original event times: the same {@link Observations}, {@link SubjectDetection} and {@link
 * IncidentAssembler} as the Kafka Streams topology, subject states in a map. The wall clock the
 * signals and alerts carry is the watermark, so that results are reproducible.
 */
public final class Backtest {

  /** What came out, in the order it came out. */
  public record Results(List<Signal> signals, List<Alert> alerts, long late, long ahead) {}

  private final SubjectDetection.InMemoryStates states = new SubjectDetection.InMemoryStates();
  private final Observations observations;
  private final SubjectDetection subjects;
  private final IncidentAssembler incidents;
  private final List<Signal> signals = new ArrayList<>();
  private final List<Alert> alerts = new ArrayList<>();
  private final long[] drops = new long[2];
  private long lastResolve = Long.MIN_VALUE;

  public Backtest(DetectionSettings settings, Observations observations) {
    this.observations = observations;
    this.subjects =
        new SubjectDetection(
            new SubjectDetector(settings),
            states,
            new SubjectDetection.Drops() {
              @Override
              public void late() {
                drops[0]++;
              }

              @Override
              public void ahead() {
                drops[1]++;
              }
            });
    this.incidents = new IncidentAssembler(settings.incidents());
  }

  /** One enriched post, in event-time order; returns the alerts it produced. */
  public List<Alert> post(EnrichedPost post) {
    int before = alerts.size();
    for (Observation observation : observations.of(post)) {
      handle(subjects.observe(observation, Math.max(0, subjects.watermark())));
    }
    long time = subjects.watermark();
    // The first post starts the clock (time - Long.MIN_VALUE would overflow and never resolve).
    if (lastResolve == Long.MIN_VALUE || time - lastResolve >= 60_000) {
      lastResolve = time;
      alerts.addAll(incidents.advance(time, time));
      if (time % 3_600_000 < 60_000) {
        subjects.evict();
      }
    }
    return alerts.subList(before, alerts.size());
  }

  private void handle(List<Signal> raised) {
    List<Signal> found = new ArrayList<>(raised);
    found.sort(Comparator.comparing(s -> s.getWindowStart()));
    for (Signal signal : found) {
      signals.add(signal);
      alerts.addAll(incidents.onSignal(signal, subjects.watermark()));
    }
  }

  /**
   * What the detectors have learned of {@code subject} so far, as a seed for a live pipeline
   * ({@link SubjectDetector#seeded}); empty when the subject never showed up.
   */
  public Optional<byte[]> state(String subject) {
    subjects.flush();
    return Optional.ofNullable(states.get(subject));
  }

  /** The end of the input: time runs on until every episode ends and every incident resolves. */
  public Results finish() {
    long time = subjects.watermark();
    for (int minute = 1; minute <= 48 * 60; minute++) {
      long at = time + minute * 60_000L;
      handle(subjects.idle(at, at));
      alerts.addAll(incidents.advance(at, at));
      if (subjects.episodesOpen() == 0 && incidents.openAlerts().isEmpty()) {
        break;
      }
    }
    return new Results(List.copyOf(signals), List.copyOf(alerts), drops[0], drops[1]);
  }
}
