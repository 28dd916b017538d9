package io.vigie.ingest.feeds;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls feeds, each on its own schedule: the next poll of a feed comes when its last {@link
 * FeedPoller.Outcome} says (a minute after an unexpected error), so that a failing feed backs off
 * while the others go on.
 */
public final class FeedSchedule {

  /** The feeds, where their state is kept, and how often they are polled. */
  public record Settings(
      List<URI> feeds, Path stateFolder, Duration interval, Duration maxBackoff) {}

  /** What a schedule reports: polls worth telling (new entries or an error) and failures. */
  public interface Listener {
    void polled(URI feed, FeedPoller.Outcome outcome);

    void failed(URI feed, RuntimeException error);
  }

  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private final Listener listener;

  private FeedSchedule(Listener listener) {
    this.listener = listener;
  }

  /** Starts polling every poller now. */
  public static FeedSchedule start(List<FeedPoller> pollers, Listener listener) {
    FeedSchedule schedule = new FeedSchedule(listener);
    pollers.forEach(poller -> schedule.schedule(poller, Duration.ZERO));
    return schedule;
  }

  public boolean running() {
    return !scheduler.isShutdown();
  }

  /** Stops polling, waiting up to 30 s for the polls under way. */
  public void stop() throws InterruptedException {
    scheduler.shutdownNow();
    scheduler.awaitTermination(30, TimeUnit.SECONDS);
  }

  private void schedule(FeedPoller poller, Duration delay) {
    scheduler.schedule(
        () -> {
          Duration next = Duration.ofMinutes(1);
          try {
            FeedPoller.Outcome outcome = poller.pollOnce();
            next = outcome.nextPollIn();
            if (outcome.newEntries() > 0 || outcome.status() != 200 && outcome.status() != 304) {
              listener.polled(poller.url(), outcome);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          } catch (RuntimeException e) {
            listener.failed(poller.url(), e);
          }
          if (!scheduler.isShutdown()) {
            schedule(poller, next);
          }
        },
        delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }
}
