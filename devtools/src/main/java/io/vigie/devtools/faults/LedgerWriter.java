package io.vigie.devtools.faults;

import io.vigie.devtools.bench.GeneratedChatter;
import io.vigie.devtools.bench.PlantedEpisodes;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.schema.Post;
import io.vigie.schema.Topic;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends a live stream into the raw topic on a thread of its own and keeps the {@link Ledger}: posts
 * at a fixed rate stamped with the wall clock, each with a unique id and a text of its own; a
 * planted episode every {@code episodeEvery}, its posts sent in shuffled order (an out-of-order
 * burst: the later-dated first); and, every 500 posts, one dated a day ahead and one from 1999,
 * which validation must dead-letter.
 */
public final class LedgerWriter implements AutoCloseable {

  static final String SOURCE = "ledger";
  private static final int BAD_TIMESTAMP_EVERY = 500;

  private final PostPublisher publisher;
  private final Ledger ledger = new Ledger();
  private final int rate;
  private final Duration episodeEvery;
  private final String run;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private int episodes; // the writer thread's, then close()'s after joining it
  private final Thread thread;
  private volatile Throwable failure;

  /**
   * @param run a prefix of every post id, so that runs on one topic never share keys
   */
  public LedgerWriter(
      Topic<String, Post> raw,
      Map<String, Object> kafka,
      IngestMetrics metrics,
      String run,
      int rate,
      Duration episodeEvery) {
    // A broker restart must not cost an acknowledged post: the default delivery timeout (two
    // minutes) outlasts any outage the suite injects, and idempotence keeps retries single.
    this.publisher = PostPublisher.create(raw, kafka, metrics);
    this.run = run;
    this.rate = rate;
    this.episodeEvery = episodeEvery;
    this.thread = new Thread(this::send, "ledger-writer-" + run);
    thread.setDaemon(true);
  }

  public LedgerWriter start() {
    thread.start();
    return this;
  }

  public Ledger ledger() {
    return ledger;
  }

  private void send() {
    GeneratedChatter chatter = new GeneratedChatter(rate);
    Random random = new Random(run.hashCode());
    long start = System.nanoTime();
    long nextEpisode = start + episodeEvery.toNanos() / 2;
    try {
      for (long i = 0; running.get(); i++) {
        long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
        if (wait > 200_000) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Instant now = Instant.now();
        Post template = chatter.next();
        send(
            Post.newBuilder(template)
                .setSource(SOURCE)
                .setId(run + "-" + i)
                .setText(template.getText() + " (" + run + " " + i + ")")
                .setCreatedAt(now)
                .setIngestedAt(now)
                .build(),
            true);
        if (i % BAD_TIMESTAMP_EVERY == BAD_TIMESTAMP_EVERY - 1) {
          send(dated(template, run + "-future-" + i, now.plus(Duration.ofDays(1))), false);
          send(dated(template, run + "-past-" + i, Instant.parse("1999-12-31T23:00:00Z")), false);
        }
        if (System.nanoTime() >= nextEpisode) {
          plant(episodes++, random);
          nextEpisode += episodeEvery.toNanos();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
    }
  }

  private void plant(int number, Random random) {
    int id = Math.floorMod(run.hashCode(), 10_000) * 1000 + number;
    List<Post> posts = new ArrayList<>(PlantedEpisodes.posts(SOURCE, id, Instant.now()));
    ledger.planted(new Ledger.Episode(PlantedEpisodes.tag(id), System.currentTimeMillis()));
    Collections.shuffle(posts, random);
    for (Post post : posts) {
      send(post, true);
    }
  }

  private int finalEpisode() {
    return episodes++;
  }

  private static Post dated(Post template, String id, Instant at) {
    return Post.newBuilder(template)
        .setSource(SOURCE)
        .setId(id)
        .setText(template.getText() + " " + id)
        .setCreatedAt(at)
        .setIngestedAt(Instant.now())
        .build();
  }

  private void send(Post post, boolean valid) {
    String key = VigieTopics.postKey(post.getSource(), post.getId());
    publisher.publish(
        post,
        (metadata, error) -> {
          if (error == null) {
            ledger.acknowledged(key, valid);
          } else {
            ledger.unacknowledged();
          }
        });
  }

  /**
   * Plants a last episode and stops sending: silence right after a spike, whose alert must still
   * fire (the detectors' watermark then moves on wall-clock time). Waits for every answer from the
   * broker.
   */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join();
    plant(finalEpisode(), new Random(run.hashCode() + 1));
    publisher.flush();
    publisher.close();
    if (failure != null) {
      throw new IllegalStateException("The ledger writer failed", failure);
    }
  }
}
