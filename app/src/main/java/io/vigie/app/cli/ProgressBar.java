package io.vigie.app.cli;

import io.vigie.ingest.replay.FileReplay;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** One terminal line saying how far work is: bar, counts, rate and time left. */
public final class ProgressBar {

  private static final int WIDTH = 30;

  private ProgressBar() {}

  public static String render(FileReplay.Progress progress) {
    double share = progress.total() == 0 ? 1 : (double) progress.done() / progress.total();
    return String.format(
        Locale.ROOT,
        "%s %,d/%,d %3.0f%%  %,.0f posts/s  ETA %s  %,d refused ",
        bar(share),
        progress.done(),
        progress.total(),
        share * 100,
        progress.postsPerSecond(),
        clock(progress.eta()),
        progress.refused());
  }

  public static String bar(double share) {
    int filled = (int) Math.round(Math.max(0, Math.min(1, share)) * WIDTH);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }

  private static String clock(Optional<Duration> left) {
    return left.map(d -> String.format(Locale.ROOT, "%d:%02d", d.toMinutes(), d.toSecondsPart()))
        .orElse("--:--");
  }

  /**
   * Progress of work counted as it is done (records through a stage), against a total that may
   * still grow while earlier stages feed it; the rate is that of the count's rise, smoothed over
   * the last readings.
   */
  public static final class Tally {
    private long total;
    private long done;
    private long previousAt;
    private double perSecond;
    private boolean finished;

    public Tally(long total, long startNanos) {
      this.total = total;
      this.previousAt = startNanos;
    }

    public void observe(long count, long atNanos) {
      observe(count, total, atNanos);
    }

    public void observe(long count, long newTotal, long atNanos) {
      total = Math.max(total, newTotal);
      long now = Math.min(total, Math.max(done, count));
      if (atNanos > previousAt) {
        double rate = (now - done) / ((atNanos - previousAt) / 1e9);
        // Smoothed: counts come from committed offsets, which move a transaction at a time.
        perSecond = perSecond == 0 ? rate : 0.8 * perSecond + 0.2 * rate;
      }
      done = now;
      previousAt = atNanos;
    }

    /** All done, whatever the count says. */
    public void finish() {
      done = total;
      finished = true;
    }

    public double share() {
      if (total == 0) {
        return finished ? 1 : 0; // nothing has reached the stage yet
      }
      return (double) done / total;
    }

    public Optional<Duration> eta() {
      return perSecond < 1e-9
          ? Optional.empty()
          : Optional.of(Duration.ofSeconds(Math.round((total - done) / perSecond)));
    }

    public String render(String unit, String detail) {
      return String.format(
          Locale.ROOT,
          "%s %3.0f%%  %,d/%,d %s  %,.0f/s  ETA %s  %s   ",
          bar(share()),
          share() * 100,
          done,
          total,
          unit,
          perSecond,
          clock(eta()),
          detail);
    }
  }
}
