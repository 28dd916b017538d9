package io.vigie.app.cli;

import io.micrometer.core.instrument.Metrics;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.metrics.MetricsEndpoint;
import io.vigie.ingest.IngestProcess;
import io.vigie.ingest.mastodon.MastodonStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie ingest mastodon}: a Mastodon timeline followed over the streaming API. */
@Command(
    name = "mastodon",
    mixinStandardHelpOptions = true,
    description = {
      "Follow a Mastodon timeline over the streaming API (server-sent events) and publish each new status; reconnects with backoff.",
      "The access token comes from mastodon.access-token (VIGIE_MASTODON_ACCESS_TOKEN), never from the command line."
    })
final class IngestMastodonCommand extends VigieCommand {

  /** A service, run until stopped: logs on its console, which its container or manager keeps. */
  @Override
  protected Logs.Default defaultLogs() {
    return Logs.Default.CONSOLE;
  }

  @Option(
      names = "--server",
      required = true,
      paramLabel = "URL",
      description =
          "The server's streaming base URL, e.g. https://mastodon.social (see streaming_api in /api/v1/instance).")
  URI server;

  @Option(
      names = "--api",
      paramLabel = "URL",
      description =
          "The server's REST base URL, used to catch up after a reconnection (default: --server).")
  URI api;

  @Option(
      names = "--backfill-pages",
      defaultValue = "10",
      description =
          "Pages of 40 statuses read from the REST timeline after a reconnection, at most (default: ${DEFAULT-VALUE}; 0: none).")
  int backfillPages;

  @Option(
      names = "--timeline",
      defaultValue = "public",
      description = "public, public/local, hashtag or hashtag/local (default: ${DEFAULT-VALUE}).")
  String timeline;

  @Option(names = "--tag", description = "The hashtag, without '#', for the hashtag timelines.")
  String tag;

  @Override
  public Integer call() throws Exception {
    if (!Set.of("public", "public/local", "hashtag", "hashtag/local").contains(timeline)
        || timeline.startsWith("hashtag") == (tag == null)) {
      err()
          .println(
              "--timeline must be public, public/local, hashtag or hashtag/local, and --tag goes with (only) the hashtag timelines");
      return ExitCode.USAGE.code();
    }
    IngestTarget target = IngestTarget.open(config());
    List<String> token = target.config().secrets(VigieConfig.MASTODON_TOKEN);
    MetricsEndpoint metrics = metrics("ingest-mastodon");
    MastodonStream.Settings settings =
        new MastodonStream.Settings(
            server,
            api != null ? api : server,
            timeline,
            Optional.ofNullable(tag),
            token.isEmpty() ? Optional.empty() : Optional.of(token.get(0)),
            Duration.ofSeconds(1),
            Duration.ofMinutes(2),
            Math.max(0, backfillPages));
    IngestProcess<MastodonStream> process =
        IngestProcess.mastodon(
            settings, target.kafkaTarget(), Clock.systemUTC(), Metrics.globalRegistry);
    MastodonStream stream = process.source();
    out()
        .println(
            "Following "
                + server
                + " "
                + timeline
                + (tag == null ? "" : " #" + tag)
                + "; Ctrl-C to stop.");
    out().flush();
    Runtime.getRuntime().addShutdownHook(new Thread(stream::close, "vigie-mastodon-shutdown"));
    process.awaitEnd();
    process.close();
    metrics.close();
    if (stream.fatalError().isPresent()) {
      err().println("Mastodon stream stopped: " + stream.fatalError().get());
      return ExitCode.UNAVAILABLE.code();
    }
    out()
        .println(
            "Published "
                + stream.published()
                + " statuses, refused "
                + stream.refused()
                + ", reconnected "
                + stream.reconnects()
                + " times.");
    return ExitCode.OK.code();
  }
}
