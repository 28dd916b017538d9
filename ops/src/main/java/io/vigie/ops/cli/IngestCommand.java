package io.vigie.ops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.Durations;
import io.vigie.ingest.bluesky.JetstreamClient;
import io.vigie.ingest.feeds.FeedPoller;
import io.vigie.ingest.generate.Scenario;
import io.vigie.ingest.generate.ScenarioGenerator;
import io.vigie.ingest.json.PostJson;
import io.vigie.ingest.mastodon.MastodonStream;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.ingest.replay.FileReplay;
import io.vigie.ingest.replay.ReplayCheckpoint;
import io.vigie.ingest.webhook.WebhookServer;
import io.vigie.ingest.webhook.WebhookSettings;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.metrics.MetricsEndpoint;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie ingest <source>}: sources that publish posts to the raw topic. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Publish posts from a source to the raw topic.",
    subcommands = {
      IngestCommand.Replay.class,
      IngestCommand.Webhook.class,
      IngestCommand.Feeds.class,
      IngestCommand.Mastodon.class,
      IngestCommand.Bluesky.class,
      IngestCommand.Generate.class
    })
public final class IngestCommand {

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Replay a recorded file in event-time order: CrisisLex T6 CSV (.csv) or Vigie JSON posts, one per line (.jsonl, .ndjson), optionally .gz.",
        "Time is rebased to the present unless --keep-time; unreadable lines and refused posts go to the ingest dead-letter topic.",
        "Progress is checkpointed: running the same command again after an interruption resumes after the last acknowledged post."
      })
  static final class Replay extends VigieCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to replay.")
    Path file;

    @Option(
        names = "--speed",
        defaultValue = "1",
        paramLabel = "N|max",
        description =
            "1 replays at the recorded pace, N times faster, 'max' as fast as Kafka takes it (default: ${DEFAULT-VALUE}).")
    String speed;

    @Option(
        names = "--window-minutes",
        defaultValue = "60",
        description =
            "With --speed max: the recording is fitted into this many minutes ending now (default: ${DEFAULT-VALUE}).")
    long windowMinutes;

    @Option(
        names = "--keep-time",
        description = "Publish the original post times (the topic's retention must cover them).")
    boolean keepTime;

    @Option(
        names = "--source",
        defaultValue = "replay",
        description = "Source name for JSON posts that have none (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(
        names = "--checkpoint",
        paramLabel = "FILE",
        description =
            "Checkpoint file (default: under <stack.dir>/checkpoints, one per replayed file).")
    Path checkpoint;

    @Option(
        names = "--no-checkpoint",
        description = "Start from the beginning and keep no checkpoint.")
    boolean noCheckpoint;

    @Override
    public Integer call() throws Exception {
      if (!Files.isRegularFile(file)) {
        err().println("No such file: " + file);
        return ExitCode.USAGE.code();
      }
      double pace =
          speed.equalsIgnoreCase("max") ? Double.POSITIVE_INFINITY : Double.parseDouble(speed);
      IngestTarget target = IngestTarget.open(config());
      VigieConfig config = target.config();
      Map<String, Object> kafka = target.kafka();
      VigieTopics topics = target.topics();
      Duration retention = target.retention();
      Map<String, Object> letterProps = new HashMap<>(PostPublisher.producerProperties(kafka));
      letterProps.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      Clock clock = Clock.systemUTC();
      ReplayCheckpoint where =
          noCheckpoint
              ? ReplayCheckpoint.none()
              : ReplayCheckpoint.at(checkpoint != null ? checkpoint : defaultCheckpoint(config));
      PrintWriter err = err();
      FileReplay.Result result;
      try (MetricsEndpoint metrics = metrics("ingest-replay");
          PostPublisher publisher = PostPublisher.create(topics.rawPosts(), kafka);
          RefusedPosts refused =
              RefusedPosts.create(topics.ingestDeadLetters(), letterProps, clock)) {
        FileReplay replay =
            new FileReplay(
                publisher,
                refused,
                new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(retention)),
                clock,
                FileReplay.Sleeper.REAL);
        result =
            replay.replay(
                file,
                new FileReplay.Options(pace, keepTime, Duration.ofMinutes(windowMinutes), source),
                where,
                progress -> {
                  err.print("\r" + ProgressBar.render(progress));
                  err.flush();
                });
      }
      err.println();
      if (result.resumedFrom() > 0 && result.resumedFrom() == result.total()) {
        out()
            .println(
                "Nothing left to replay: the checkpoint says all "
                    + result.total()
                    + " posts of "
                    + file.getFileName()
                    + " were acknowledged. --no-checkpoint starts over.");
        return ExitCode.OK.code();
      }
      out()
          .printf(
              Locale.ROOT,
              "Replayed %s: %d posts published to %s, %d refused (see %s)%s, in %.1f s%n",
              file.getFileName(),
              result.published(),
              topics.rawPosts().name(),
              result.refused(),
              topics.ingestDeadLetters().name(),
              result.resumedFrom() > 0 ? ", resumed after " + result.resumedFrom() : "",
              result.elapsed().toMillis() / 1000.0);
      if (result.failure().isPresent()) {
        Throwable failure = result.failure().get();
        err.println(
            "Kafka did not take every post: "
                + failure
                + ". Run the same command again to resume after the last acknowledged post.");
        return PostPublisher.isRetriable(failure)
            ? ExitCode.UNAVAILABLE.code()
            : ExitCode.FAILED.code();
      }
      return ExitCode.OK.code();
    }

    private Path defaultCheckpoint(VigieConfig config) throws Exception {
      String id =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)))
              .substring(0, 16);
      Path folder = config.stackDir().resolve("checkpoints");
      Files.createDirectories(folder);
      return folder.resolve(file.getFileName() + "-" + id + ".properties");
    }
  }

  @Command(
      name = "webhook",
      mixinStandardHelpOptions = true,
      description = {
        "Serve POST /v1/posts: one JSON post (application/json) or one per line (application/x-ndjson).",
        "Answers 202 once Kafka acknowledged every post; see docs/ingest.md for authentication, limits and errors."
      })
  static final class Webhook extends VigieCommand {

    /** A service, run until stopped: logs on its console, which its container or manager keeps. */
    @Override
    Logs.Default defaultLogs() {
      return Logs.Default.CONSOLE;
    }

    @Override
    public Integer call() throws Exception {
      IngestTarget target = IngestTarget.open(config());
      VigieConfig config = target.config();
      Map<String, Object> kafka = target.kafka();
      VigieTopics topics = target.topics();
      Duration retention = target.retention();
      Clock clock = Clock.systemUTC();
      // The webhook serves /metrics on its own port: no metrics.port of its own.
      MetricsEndpoint metrics = MetricsEndpoint.start("ingest-webhook", "127.0.0.1", -1);
      PostPublisher publisher = PostPublisher.create(topics.rawPosts(), webhookProducer(kafka));
      WebhookServer server =
          new WebhookServer(
              webhookSettings(config),
              publisher,
              new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(retention)),
              clock,
              metrics.registry());
      server.start();
      out()
          .println(
              "Webhook listening on http://"
                  + config.string(VigieConfig.WEBHOOK_HOST)
                  + ":"
                  + server.port()
                  + "/v1/posts; Ctrl-C to stop.");
      out().flush();
      RunUntilStopped.await(
          () -> {
            server.close();
            publisher.close();
            metrics.close();
          });
      return ExitCode.OK.code();
    }
  }

  /** The webhook's settings from configuration. */
  public static WebhookSettings webhookSettings(VigieConfig config) {
    return new WebhookSettings(
        config.string(VigieConfig.WEBHOOK_HOST),
        config.integer(VigieConfig.WEBHOOK_PORT),
        config.secrets(VigieConfig.WEBHOOK_TOKENS),
        config.secrets(VigieConfig.WEBHOOK_SECRETS),
        Duration.ofSeconds(config.integer(VigieConfig.WEBHOOK_TOLERANCE)),
        config.integer(VigieConfig.WEBHOOK_MAX_BODY),
        config.integer(VigieConfig.WEBHOOK_MAX_DEPTH),
        config.integer(VigieConfig.WEBHOOK_MAX_STRING),
        config.doubleValue(VigieConfig.WEBHOOK_RATE),
        config.integer(VigieConfig.WEBHOOK_BURST),
        Duration.ofSeconds(20),
        "webhook");
  }

  /**
   * A caller waits for the answer: the producer must give up well before an HTTP client would, so
   * that an unavailable Kafka becomes a 503 rather than a hung request.
   */
  public static Map<String, Object> webhookProducer(Map<String, Object> kafka) {
    Map<String, Object> props = new HashMap<>(kafka);
    props.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
    props.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    props.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    return props;
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = {
        "Write generated traffic, deterministic for a seed, to a JSON-lines file: French and English background chatter with a daily cycle,",
        "plus planted scenarios (crisis, bad-buzz, astroturf) whose first post and expected signal go to a ground-truth file.",
        "Publish it with 'vigie ingest replay FILE'."
      })
  static final class Generate extends VigieCommand {
    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "Posts file (.jsonl, or .jsonl.gz).")
    Path out;

    @Option(
        names = "--truth",
        paramLabel = "FILE",
        description = "Ground-truth file (default: <out without extension>.truth.jsonl).")
    Path truth;

    @Option(
        names = "--seed",
        defaultValue = "42",
        description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
        names = "--start",
        defaultValue = "2026-01-05T00:00:00Z",
        description = "Time of the first minute, ISO-8601 (default: ${DEFAULT-VALUE}, a Monday).")
    String start;

    @Option(
        names = "--duration",
        defaultValue = "1d",
        description = "How long the traffic lasts: 90m, 6h, 1d... (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(
        names = "--rate",
        defaultValue = "20",
        description = "Background posts per minute on average (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
        names = "--scenario",
        paramLabel = "KIND@OFFSET[:SUBJECT[:LANG]]",
        description =
            "A planted episode, e.g. crisis@6h, bad-buzz@9h:Acme:en, astroturf@12h. Repeatable.")
    List<String> scenarios = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      List<Scenario> planted = scenarios.stream().map(Scenario::parse).toList();
      ScenarioGenerator.Generated generated =
          new ScenarioGenerator(seed, Instant.parse(start), Durations.parse(duration), rate)
              .generate(planted);
      ObjectMapper mapper = new ObjectMapper();
      try (OutputStream raw = Files.newOutputStream(out);
          OutputStream sink = out.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
          Writer writer =
              new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8))) {
        for (var post : generated.posts()) {
          writer.write(mapper.writeValueAsString(PostJson.toJson(post, mapper)));
          writer.write('\n');
        }
      }
      Path truthFile =
          truth != null
              ? truth
              : out.resolveSibling(
                  out.getFileName().toString().replaceAll("\\.jsonl(\\.gz)?$", "")
                      + ".truth.jsonl");
      try (Writer writer = Files.newBufferedWriter(truthFile, StandardCharsets.UTF_8)) {
        for (ScenarioGenerator.GroundTruth planted1 : generated.truth()) {
          writer.write(mapper.writeValueAsString(planted1.toJson(mapper)));
          writer.write('\n');
        }
      }
      out()
          .printf(
              Locale.ROOT,
              "Wrote %,d posts to %s and %d planted episode(s) to %s%n",
              generated.posts().size(),
              out,
              generated.truth().size(),
              truthFile);
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "mastodon",
      mixinStandardHelpOptions = true,
      description = {
        "Follow a Mastodon timeline over the streaming API (server-sent events) and publish each new status; reconnects with backoff.",
        "The access token comes from mastodon.access-token (VIGIE_MASTODON_ACCESS_TOKEN), never from the command line."
      })
  static final class Mastodon extends VigieCommand {

    /** A service, run until stopped: logs on its console, which its container or manager keeps. */
    @Override
    Logs.Default defaultLogs() {
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
      VigieConfig config = target.config();
      Map<String, Object> kafka = target.kafka();
      VigieTopics topics = target.topics();
      Duration retention = target.retention();
      Clock clock = Clock.systemUTC();
      List<String> token = config.secrets(VigieConfig.MASTODON_TOKEN);
      MetricsEndpoint metrics = metrics("ingest-mastodon");
      PostPublisher publisher = PostPublisher.create(topics.rawPosts(), kafka);
      RefusedPosts refused = RefusedPosts.create(topics.ingestDeadLetters(), kafka, clock);
      MastodonStream stream =
          new MastodonStream(
              new MastodonStream.Settings(
                  server,
                  api != null ? api : server,
                  timeline,
                  Optional.ofNullable(tag),
                  token.isEmpty() ? Optional.empty() : Optional.of(token.get(0)),
                  Duration.ofSeconds(1),
                  Duration.ofMinutes(2),
                  Math.max(0, backfillPages)),
              HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(),
              publisher,
              refused,
              new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(retention)),
              clock);
      Thread reader = new Thread(stream, "vigie-mastodon");
      reader.start();
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
      reader.join();
      publisher.close();
      refused.close();
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

  @Command(
      name = "feeds",
      mixinStandardHelpOptions = true,
      description = {
        "Poll RSS 2.0 and Atom feeds with conditional GET and publish their new entries; entries seen before are skipped across restarts.",
        "A failing feed backs off (interval doubled per failure, up to --max-backoff), the others go on."
      })
  static final class Feeds extends VigieCommand {

    /** A service, run until stopped: logs on its console, which its container or manager keeps. */
    @Override
    Logs.Default defaultLogs() {
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
        description =
            "Time between two polls of a feed: 90s, 5m, 1h... (default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(
        names = "--max-backoff",
        defaultValue = "6h",
        description = "Longest wait after repeated failures (default: ${DEFAULT-VALUE}).")
    String maxBackoff;

    @Override
    public Integer call() throws Exception {
      IngestTarget target = IngestTarget.open(config());
      VigieConfig config = target.config();
      Map<String, Object> kafka = target.kafka();
      VigieTopics topics = target.topics();
      Duration retention = target.retention();
      Clock clock = Clock.systemUTC();
      MetricsEndpoint metrics = metrics("ingest-feeds");
      PostPublisher publisher = PostPublisher.create(topics.rawPosts(), kafka);
      RefusedPosts refused = RefusedPosts.create(topics.ingestDeadLetters(), kafka, clock);
      HttpClient http =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .connectTimeout(Duration.ofSeconds(20))
              .build();
      Path stateFolder = config.stackDir().resolve("feeds");
      ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
      Duration every = Durations.parse(interval);
      PostValidator validator = new PostValidator(clock, PostValidator.Limits.defaults());
      for (URI url : feeds) {
        FeedPoller poller =
            new FeedPoller(
                url,
                FeedPoller.stateFileIn(stateFolder, url),
                http,
                publisher,
                refused,
                validator,
                Optional.of(retention),
                clock,
                every,
                Durations.parse(maxBackoff));
        schedule(scheduler, poller, Duration.ZERO);
      }
      out().println("Polling " + feeds.size() + " feed(s) every " + interval + "; Ctrl-C to stop.");
      out().flush();
      RunUntilStopped.await(
          () -> {
            scheduler.shutdownNow();
            scheduler.awaitTermination(30, TimeUnit.SECONDS);
            publisher.close();
            refused.close();
            metrics.close();
          });
      return ExitCode.OK.code();
    }

    private void schedule(ScheduledExecutorService scheduler, FeedPoller poller, Duration delay) {
      scheduler.schedule(
          () -> {
            Duration next = Duration.ofMinutes(1);
            try {
              FeedPoller.Outcome outcome = poller.pollOnce();
              next = outcome.nextPollIn();
              if (outcome.newEntries() > 0 || outcome.status() != 200 && outcome.status() != 304) {
                err()
                    .printf(
                        Locale.ROOT,
                        "%s: HTTP %d, %d new, %d published, %d refused, %d too old; next poll in %s%n",
                        poller.url(),
                        outcome.status(),
                        outcome.newEntries(),
                        outcome.published(),
                        outcome.refused(),
                        outcome.tooOld(),
                        next);
                err().flush();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            } catch (RuntimeException e) {
              err().println(poller.url() + ": " + e);
            }
            if (!scheduler.isShutdown()) {
              schedule(scheduler, poller, next);
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Command(
      name = "bluesky",
      mixinStandardHelpOptions = true,
      description = {
        "Follow Bluesky's Jetstream over a WebSocket (posts only) and publish each new post; resumes from a saved cursor after a disconnect or a restart."
      })
  static final class Bluesky extends VigieCommand {

    /** A service, run until stopped: logs on its console, which its container or manager keeps. */
    @Override
    Logs.Default defaultLogs() {
      return Logs.Default.CONSOLE;
    }

    @Option(
        names = "--endpoint",
        defaultValue = "wss://jetstream2.us-east.bsky.network/subscribe",
        description = "Jetstream endpoint (default: ${DEFAULT-VALUE}).")
    URI endpoint;

    @Option(
        names = "--cursor-file",
        paramLabel = "FILE",
        description = "Where the cursor is kept (default: under <stack.dir>/bluesky).")
    Path cursorFile;

    @Override
    public Integer call() throws Exception {
      IngestTarget target = IngestTarget.open(config());
      VigieConfig config = target.config();
      Map<String, Object> kafka = target.kafka();
      VigieTopics topics = target.topics();
      Duration retention = target.retention();
      Clock clock = Clock.systemUTC();
      Path cursor =
          cursorFile != null
              ? cursorFile
              : config
                  .stackDir()
                  .resolve("bluesky")
                  .resolve(
                      HexFormat.of()
                              .formatHex(
                                  MessageDigest.getInstance("SHA-256")
                                      .digest(endpoint.toString().getBytes(StandardCharsets.UTF_8)))
                              .substring(0, 16)
                          + ".cursor");
      MetricsEndpoint metrics = metrics("ingest-bluesky");
      PostPublisher publisher = PostPublisher.create(topics.rawPosts(), kafka);
      RefusedPosts refused = RefusedPosts.create(topics.ingestDeadLetters(), kafka, clock);
      JetstreamClient client =
          new JetstreamClient(
              new JetstreamClient.Settings(
                  endpoint,
                  cursor,
                  Duration.ofSeconds(5),
                  Duration.ofSeconds(1),
                  Duration.ofMinutes(2)),
              HttpClient.newHttpClient(),
              publisher,
              refused,
              new PostValidator(clock, PostValidator.Limits.defaults().withMaxAge(retention)),
              clock);
      Thread reader = new Thread(client, "vigie-bluesky");
      reader.start();
      out().println("Following " + endpoint + " (cursor in " + cursor + "); Ctrl-C to stop.");
      out().flush();
      RunUntilStopped.await(
          () -> {
            client.close();
            reader.join(10_000);
            publisher.close();
            refused.close();
            metrics.close();
          });
      return ExitCode.OK.code();
    }
  }
}
