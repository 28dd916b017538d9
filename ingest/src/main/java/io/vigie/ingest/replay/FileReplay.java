package io.vigie.ingest.replay;

import io.vigie.ingest.publish.PostSink;
import io.vigie.schema.Post;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Replays a recorded file into the raw topic in event-time order: at the recorded pace ({@code
 * speed} 1), faster ({@code speed} N), or as fast as Kafka takes it. Time is rebased by default so
 * that the first post happens now (as fast as possible: so that the file fits in the window ending
 * now), the original time kept as an attribute; {@code keepTime} publishes original times, which
 * only suits topics whose retention covers them. Unreadable lines and posts the validator refuses
 * go to the ingest dead-letter topic with their reason. Progress is checkpointed as the number of
 * posts, in event-time order, that Kafka acknowledged (or that were dead-lettered) without a gap,
 * so that an interrupted replay resumes where it stopped.
 */
public final class FileReplay {

  /** How to replay. {@code speed} is infinite for "as fast as possible". */
  public record Options(double speed, boolean keepTime, Duration fastWindow, String defaultSource) {
    public Options {
      if (!(speed > 0)) {
        throw new IllegalArgumentException("speed must be positive");
      }
    }

    public boolean asFastAsPossible() {
      return Double.isInfinite(speed);
    }
  }

  /** Where a replay stands. */
  public record Progress(
      long done, long total, long refused, double postsPerSecond, Optional<Duration> eta) {}

  /** How a replay ended. {@code failure} is empty when every post was handled. */
  public record Result(
      long published,
      long refused,
      long resumedFrom,
      long total,
      Duration elapsed,
      Optional<Throwable> failure) {}

  static final String STAGE = "ingest.replay";

  private final PostSink sink;
  private final Clock clock;
  private final Sleeper sleeper;

  /** Waits until a wall-clock instant; tests pass one that does not sleep. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepUntil(Instant when, Clock clock) throws InterruptedException;

    Sleeper REAL =
        (when, clock) -> {
          long millis = Duration.between(clock.instant(), when).toMillis();
          if (millis > 0) {
            Thread.sleep(millis);
          }
        };
  }

  public FileReplay(PostSink sink, Clock clock, Sleeper sleeper) {
    this.sink = sink;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  public Result replay(
      Path file, Options options, ReplayCheckpoint checkpoint, Consumer<Progress> progress)
      throws IOException, InterruptedException {
    Instant started = clock.instant();
    ReplayCheckpoint.State state = checkpoint.load(file);
    try (ReplaySource source = ReplaySource.open(file, options.defaultSource(), started)) {
      long resumeFrom = Math.min(state.postsDone(), source.total());
      Acknowledgements acks = new Acknowledgements(source.total(), resumeFrom);
      Timeline timeline = null;
      long refusedPosts = 0;
      long lastReport = System.nanoTime();
      long lastSave = lastReport;
      int index = 0;
      for (Post original; acks.failure() == null && (original = source.next()) != null; index++) {
        if (index < resumeFrom) {
          continue;
        }
        if (timeline == null) {
          // The post to send first (after a resume too) happens now.
          timeline = Timeline.of(source.first(), source.last(), original, options, started);
        }
        if (!options.asFastAsPossible()) {
          sleeper.sleepUntil(timeline.sendAt(original), clock);
        }
        Post post = options.keepTime() ? original : timeline.rebase(original);
        Optional<String> problem = sink.problem(post);
        int sent = index;
        acks.sent();
        if (problem.isPresent()) {
          refusedPosts++;
          sink.refuse(
                  STAGE,
                  post.getSource() + ":" + post.getId(),
                  sink.encode(post),
                  "InvalidPost",
                  problem.get(),
                  Map.of("file", file.toString()))
              .whenComplete((ok, error) -> acks.answered(sent, error));
        } else {
          // A plain callback, not a future chain: it runs on the producer's I/O thread for every
          // post.
          sink.publish(post, (metadata, error) -> acks.answered(sent, error));
        }
        long now = System.nanoTime();
        if (now - lastReport > 500_000_000L) {
          progress.accept(progressOf(acks, source.total(), resumeFrom, refusedPosts, started));
          lastReport = now;
        }
        if (now - lastSave > 1_000_000_000L) {
          checkpoint.save(
              file, new ReplayCheckpoint.State(state.unreadableDone(), acks.contiguous()));
          lastSave = now;
        }
      }
      // Every post sent has an answer before the checkpoint is final (a failure stops sending, not
      // waiting). No flush: linger.ms sends the last batch, and waiting is all that is needed.
      acks.awaitAnswers();
      long unreadable = 0;
      boolean complete = acks.failure() == null && acks.contiguous() >= index;
      if (complete && !state.unreadableDone()) {
        // Unreadable lines are dead-lettered once every post is in, so that a streamed file never
        // waits for its last line before publishing its first.
        for (ReplayInput.Unreadable line : source.unreadable()) {
          join(
              sink.refuse(
                  STAGE,
                  null,
                  line.content(),
                  "UnreadableLine",
                  line.reason(),
                  Map.of("file", file.toString(), "line", Long.toString(line.line()))));
          unreadable++;
        }
        sink.flushRefusals();
      }
      checkpoint.save(
          file, new ReplayCheckpoint.State(state.unreadableDone() || complete, acks.contiguous()));
      progress.accept(progressOf(acks, index, resumeFrom, refusedPosts + unreadable, started));
      Duration elapsed = Duration.between(started, clock.instant());
      long published = acks.contiguous() - resumeFrom - refusedPosts;
      return new Result(
          Math.max(0, published),
          refusedPosts + unreadable,
          resumeFrom,
          index,
          elapsed,
          Optional.ofNullable(acks.failure()));
    }
  }

  private Progress progressOf(
      Acknowledgements acks, long total, long resumedFrom, long refused, Instant started) {
    long done = acks.contiguous();
    double seconds = Math.max(1e-3, Duration.between(started, clock.instant()).toMillis() / 1000.0);
    double rate = (done - resumedFrom) / seconds;
    Optional<Duration> eta =
        rate > 0
            ? Optional.of(Duration.ofSeconds((long) ((total - done) / rate)))
            : Optional.empty();
    return new Progress(done, total, refused, rate, eta);
  }

  private static void join(CompletableFuture<?> future) throws InterruptedException {
    try {
      future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Cannot write to the ingest dead-letter topic: " + e.getCause(), e.getCause());
    }
  }

  /** When each post is sent, and the time it then carries. */
  record Timeline(Instant firstEvent, Instant wallStart, double speed, Optional<TimeRebase> fast) {

    static Timeline of(
        Instant first, Instant last, Post firstToSend, Options options, Instant now) {
      if (options.asFastAsPossible()) {
        return new Timeline(
            first, now, 1, Optional.of(TimeRebase.fitting(now, first, last, options.fastWindow())));
      }
      Instant resumed = firstToSend.getCreatedAt();
      Instant wallStart =
          now.minusMillis((long) (Duration.between(first, resumed).toMillis() / options.speed()));
      return new Timeline(first, wallStart, options.speed(), Optional.empty());
    }

    Instant sendAt(Post post) {
      return wallStart.plusMillis(
          (long) (Duration.between(firstEvent, post.getCreatedAt()).toMillis() / speed));
    }

    Post rebase(Post post) {
      if (fast.isPresent()) {
        return fast.get().rebase(post);
      }
      Map<String, String> attributes = new HashMap<>(post.getAttributes());
      attributes.put(TimeRebase.ORIGINAL_TIME_ATTRIBUTE, post.getCreatedAt().toString());
      return Post.newBuilder(post).setCreatedAt(sendAt(post)).setAttributes(attributes).build();
    }
  }

  /**
   * The longest prefix of posts, in replay order, that Kafka acknowledged or that were
   * dead-lettered.
   */
  static final class Acknowledgements {
    private final BitSet acknowledged = new BitSet();
    private int contiguous;
    private long unanswered;
    private Throwable failure;

    Acknowledgements(long expected, long alreadyDone) {
      this.contiguous = (int) alreadyDone;
      this.acknowledged.set(0, (int) alreadyDone);
    }

    synchronized void sent() {
      unanswered++;
    }

    /** Kafka's answer for post {@code index}: acknowledged when {@code error} is null. */
    synchronized void answered(int index, Throwable error) {
      unanswered--;
      if (error != null) {
        failure = failure == null ? error : failure;
      } else {
        acknowledged.set(index);
        contiguous = acknowledged.nextClearBit(contiguous);
      }
      if (unanswered == 0) {
        notifyAll();
      }
    }

    synchronized void awaitAnswers() throws InterruptedException {
      while (unanswered > 0) {
        wait();
      }
    }

    synchronized long contiguous() {
      return contiguous;
    }

    synchronized Throwable failure() {
      return failure;
    }
  }
}
