package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.core.text.Durations;
import io.vigie.ingest.IngestProcess;
import io.vigie.ingest.feeds.FeedPoller;
import io.vigie.ingest.feeds.FeedSchedule;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie ingest feeds}: RSS and Atom feeds polled, their new entries published. */
@Command(
    name = "feeds",
    mixinStandardHelpOptions = true,
    description = {
      "Poll RSS 2.0 and Atom feeds with conditional GET and publish their new entries; entries seen before are skipped across restarts.",
      "A failing feed backs off (interval doubled per failure, up to --max-backoff), the others go on."
    })
final class IngestFeedsCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Option(
      names = "--feed",
      required = true,
      paramLabel = "URL",
      description = "A feed URL. Repeatable.")
  List<URI> feeds;

  @Option(
      names = "--interval",
      defaultValue = "5m",
      description = "Time between two polls of a feed: 90s, 5m, 1h... (default: ${DEFAULT-VALUE}).")
  String interval;

  @Option(
      names = "--max-backoff",
      defaultValue = "6h",
      description = "Longest wait after repeated failures (default: ${DEFAULT-VALUE}).")
  String maxBackoff;

  @Override
  public Integer call() throws Exception {
    IngestTarget target = IngestTarget.open(config());
    MetricsEndpoint metrics = metrics("ingest-feeds");
    FeedSchedule.Settings settings =
        new FeedSchedule.Settings(
            feeds,
            target.config().stackDir().resolve("feeds"),
            Durations.parse(interval),
            Durations.parse(maxBackoff));
    IngestProcess<FeedSchedule> process =
        IngestProcess.feeds(
            settings,
            target.kafkaTarget(),
            Clock.systemUTC(),
            Metrics.globalRegistry,
            new FeedSchedule.Listener() {
              @Override
              public void polled(URI feed, FeedPoller.Outcome outcome) {
                err()
                    .printf(
                        Locale.ROOT,
                        "%s: HTTP %d, %d new, %d published, %d refused, %d too old; next poll in %s%n",
                        feed,
                        outcome.status(),
                        outcome.newEntries(),
                        outcome.published(),
                        outcome.refused(),
                        outcome.tooOld(),
                        outcome.nextPollIn());
                err().flush();
              }

              @Override
              public void failed(URI feed, RuntimeException error) {
                err().println(feed + ": " + error);
              }
            });
    out().println("Polling " + feeds.size() + " feed(s) every " + interval + "; Ctrl-C to stop.");
    out().flush();
    RunUntilStopped.await(
        () -> {
          process.close();
          metrics.close();
        });
    return ExitCode.OK.code();
  }
}
