package io.vigie.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.ingest.bluesky.JetstreamClient;
import io.vigie.ingest.feeds.FeedPoller;
import io.vigie.ingest.feeds.FeedSchedule;
import io.vigie.ingest.mastodon.MastodonStream;
import io.vigie.ingest.publish.KafkaTarget;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.PostSink;
import io.vigie.ingest.replay.FileReplay;
import io.vigie.ingest.webhook.WebhookServer;
import io.vigie.ingest.webhook.WebhookSettings;
import io.vigie.schema.validation.PostValidator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * One ingest process: a source started with the sink it hands posts to. Closing it stops the source
 * first, so that nothing is handed to a closed sink, then closes the sink. The meters go to the
 * registry the caller passes: the process does not pick one itself.
 *
 * @param <S> the source, for what only it knows (the webhook's port, a stream's counts)
 */
public final class IngestProcess<S> implements AutoCloseable {

  /** Whether the source still runs, and why it stopped when it stopped on its own. */
  public record Health(boolean running, Optional<String> failure) {}

  /** Waits for a source: until it stops, or until it ended. */
  @FunctionalInterface
  public interface Wait {
    void await() throws InterruptedException;
  }

  private static final Wait NOTHING = () -> {};

  private final S source;
  private final PostSink sink;
  private final Wait stop;
  private final Wait end;
  private final Supplier<Health> health;

  /**
   * @param stop stops the source and returns once it hands nothing more to {@code sink}
   * @param end returns once the source ended on its own (or was stopped)
   */
  public IngestProcess(S source, PostSink sink, Wait stop, Wait end, Supplier<Health> health) {
    this.source = source;
    this.sink = sink;
    this.stop = stop;
    this.end = end;
    this.health = health;
  }

  /** Replays files (see {@link FileReplay}); dead letters are sent at once, not batched. */
  public static IngestProcess<FileReplay> replay(
      KafkaTarget target, Clock clock, MeterRegistry registry) {
    Map<String, Object> letters = new HashMap<>(PostPublisher.producerProperties(target.kafka()));
    letters.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    PostSink sink =
        target.sink(target.kafka(), letters, target.retainedPostsValidator(clock), clock, registry);
    return replay(sink, clock);
  }

  public static IngestProcess<FileReplay> replay(PostSink sink, Clock clock) {
    FileReplay replay = new FileReplay(sink, clock, FileReplay.Sleeper.REAL);
    return new IngestProcess<>(
        replay, sink, NOTHING, NOTHING, () -> new Health(true, Optional.empty()));
  }

  /**
   * Serves the webhook; {@code served} holds the meters its {@code /metrics} serves, {@code
   * registry} the ingest counters.
   */
  public static IngestProcess<WebhookServer> webhook(
      WebhookSettings settings,
      KafkaTarget target,
      Clock clock,
      MeterRegistry registry,
      MeterRegistry served)
      throws IOException {
    PostSink sink =
        target.answeringSink(
            WebhookServer.producerProperties(target.kafka()),
            target.retainedPostsValidator(clock),
            registry);
    return webhook(settings, sink, clock, served);
  }

  public static IngestProcess<WebhookServer> webhook(
      WebhookSettings settings, PostSink sink, Clock clock, MeterRegistry served)
      throws IOException {
    WebhookServer server = new WebhookServer(settings, sink, clock, served);
    server.start();
    AtomicBoolean stopped = new AtomicBoolean();
    return new IngestProcess<>(
        server,
        sink,
        () -> {
          stopped.set(true);
          server.close();
        },
        NOTHING,
        () -> new Health(!stopped.get(), Optional.empty()));
  }

  /**
   * Polls feeds, their state kept in {@code stateFolder}; entries older than the retention are
   * skipped rather than refused.
   */
  public static IngestProcess<FeedSchedule> feeds(
      FeedSchedule.Settings settings,
      KafkaTarget target,
      Clock clock,
      MeterRegistry registry,
      FeedSchedule.Listener listener)
      throws IOException {
    HttpClient http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(20))
            .build();
    PostSink sink =
        target.sink(
            target.kafka(),
            target.kafka(),
            new PostValidator(clock, PostValidator.Limits.defaults()),
            clock,
            registry);
    return feeds(settings, Optional.of(target.retention()), http, sink, clock, listener);
  }

  public static IngestProcess<FeedSchedule> feeds(
      FeedSchedule.Settings settings,
      Optional<Duration> maxAge,
      HttpClient http,
      PostSink sink,
      Clock clock,
      FeedSchedule.Listener listener)
      throws IOException {
    List<FeedPoller> pollers = new ArrayList<>();
    for (URI url : settings.feeds()) {
      pollers.add(
          new FeedPoller(
              url,
              FeedPoller.stateFileIn(settings.stateFolder(), url),
              http,
              sink,
              maxAge,
              clock,
              settings.interval(),
              settings.maxBackoff()));
    }
    FeedSchedule schedule = FeedSchedule.start(pollers, listener);
    return new IngestProcess<>(
        schedule,
        sink,
        schedule::stop,
        NOTHING,
        () -> new Health(schedule.running(), Optional.empty()));
  }

  /** Follows a Mastodon timeline on a thread of its own. */
  public static IngestProcess<MastodonStream> mastodon(
      MastodonStream.Settings settings, KafkaTarget target, Clock clock, MeterRegistry registry) {
    PostSink sink =
        target.sink(
            target.kafka(), target.kafka(), target.retainedPostsValidator(clock), clock, registry);
    MastodonStream stream =
        new MastodonStream(
            settings,
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).build(),
            sink,
            clock);
    Thread reader = new Thread(stream, "vigie-mastodon");
    reader.start();
    return new IngestProcess<>(
        stream,
        sink,
        () -> {
          stream.close();
          reader.join();
        },
        reader::join,
        () -> new Health(reader.isAlive(), stream.fatalError()));
  }

  /** Follows Bluesky's Jetstream on a thread of its own. */
  public static IngestProcess<JetstreamClient> bluesky(
      JetstreamClient.Settings settings, KafkaTarget target, Clock clock, MeterRegistry registry)
      throws IOException {
    PostSink sink =
        target.sink(
            target.kafka(), target.kafka(), target.retainedPostsValidator(clock), clock, registry);
    JetstreamClient client = new JetstreamClient(settings, HttpClient.newHttpClient(), sink, clock);
    Thread reader = new Thread(client, "vigie-bluesky");
    reader.start();
    return new IngestProcess<>(
        client,
        sink,
        () -> {
          client.close();
          reader.join(10_000);
        },
        reader::join,
        () -> new Health(reader.isAlive(), Optional.empty()));
  }

  public S source() {
    return source;
  }

  public Health health() {
    return health.get();
  }

  /** Blocks until the source ended on its own or was stopped; at once if it never ends alone. */
  public void awaitEnd() throws InterruptedException {
    end.await();
  }

  /** Stops the source, then closes its sink. */
  @Override
  public void close() throws InterruptedException {
    stop.await();
    sink.close();
  }
}
