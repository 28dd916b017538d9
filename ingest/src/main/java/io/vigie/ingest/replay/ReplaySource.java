package io.vigie.ingest.replay;

import io.vigie.schema.Post;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The posts of a file in event-time order, one at a time. A JSON lines file already in order is
 * parsed on a reader thread while the replay publishes, so that the two overlap; any other file is
 * read whole and sorted first.
 */
abstract class ReplaySource implements AutoCloseable {

  static ReplaySource open(Path file, String defaultSource, Instant ingestedAt) throws IOException {
    Optional<ReplayInput.Outline> outline = ReplayInput.outline(file);
    if (outline.isPresent() && outline.get().inEventTimeOrder()) {
      return new Streamed(file, defaultSource, ingestedAt, outline.get());
    }
    return new Sorted(ReplayInput.read(file, defaultSource, ingestedAt));
  }

  /** How many posts to expect (for progress; a streamed file may hold fewer). */
  abstract long total();

  abstract Instant first();

  abstract Instant last();

  /** The next post in event-time order, or null at the end. */
  abstract Post next() throws IOException, InterruptedException;

  /** The lines that were not posts; complete once {@link #next} returned null. */
  abstract List<ReplayInput.Unreadable> unreadable();

  @Override
  public void close() {}

  private static final class Sorted extends ReplaySource {
    private final ReplayInput input;
    private final Iterator<Post> posts;

    Sorted(ReplayInput input) {
      this.input = input;
      this.posts = input.posts().iterator();
    }

    @Override
    long total() {
      return input.posts().size();
    }

    @Override
    Instant first() {
      return input.posts().isEmpty() ? Instant.EPOCH : input.posts().get(0).getCreatedAt();
    }

    @Override
    Instant last() {
      return input.posts().isEmpty()
          ? Instant.EPOCH
          : input.posts().get(input.posts().size() - 1).getCreatedAt();
    }

    @Override
    Post next() {
      return posts.hasNext() ? posts.next() : null;
    }

    @Override
    List<ReplayInput.Unreadable> unreadable() {
      return input.unreadable();
    }
  }

  private static final class Streamed extends ReplaySource {
    private static final int BATCH = 512;

    /** A batch of parsed posts; the last one has {@code end} set, and the reader's failure. */
    private record Batch(List<Post> posts, boolean end, Throwable failure) {}

    private final ReplayInput.Outline outline;
    private final BlockingQueue<Batch> batches = new ArrayBlockingQueue<>(16);
    private final List<ReplayInput.Unreadable> unreadable = new ArrayList<>();
    private final Thread reader;
    private Iterator<Post> current = Collections.emptyIterator();
    private boolean ended;
    private Instant previous;

    Streamed(Path file, String defaultSource, Instant ingestedAt, ReplayInput.Outline outline) {
      this.outline = outline;
      this.reader = new Thread(() -> read(file, defaultSource, ingestedAt), "vigie-replay-reader");
      this.reader.setDaemon(true);
      this.reader.start();
    }

    private void read(Path file, String defaultSource, Instant ingestedAt) {
      Batcher batcher = new Batcher();
      Throwable failure = null;
      try {
        ReplayInput.eachJsonLine(file, defaultSource, ingestedAt, batcher);
      } catch (InterruptedException e) {
        return; // closed by the replay
      } catch (IOException | RuntimeException e) {
        failure = e;
      }
      try {
        batches.put(new Batch(batcher.pending, true, failure));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    /** Hands posts over in batches, so that the queue is not touched for every post. */
    private final class Batcher implements ReplayInput.Sink {
      List<Post> pending = new ArrayList<>(BATCH);

      @Override
      public void post(Post post) throws InterruptedException {
        pending.add(post);
        if (pending.size() == BATCH) {
          batches.put(new Batch(pending, false, null));
          pending = new ArrayList<>(BATCH);
        }
      }

      @Override
      public void unreadable(ReplayInput.Unreadable line) {
        synchronized (unreadable) {
          unreadable.add(line);
        }
      }
    }

    @Override
    long total() {
      return outline.timedLines();
    }

    @Override
    Instant first() {
      return outline.first() == null ? Instant.EPOCH : outline.first();
    }

    @Override
    Instant last() {
      return outline.last() == null ? Instant.EPOCH : outline.last();
    }

    @Override
    Post next() throws IOException, InterruptedException {
      while (!current.hasNext()) {
        if (ended) {
          return null;
        }
        Batch batch = batches.take();
        if (batch.failure() != null) {
          throw new IOException("Cannot read the replay file: " + batch.failure(), batch.failure());
        }
        ended = batch.end();
        current = batch.posts().iterator();
      }
      Post post = current.next();
      if (previous != null && post.getCreatedAt().isBefore(previous)) {
        // Only when the file changed since the scan, or a line names created_at twice.
        throw new IOException(
            "Post "
                + post.getId()
                + " goes back in time ("
                + post.getCreatedAt()
                + " after "
                + previous
                + ") although the scan found the file in order: was it modified during the replay?");
      }
      previous = post.getCreatedAt();
      return post;
    }

    @Override
    List<ReplayInput.Unreadable> unreadable() {
      synchronized (unreadable) {
        return List.copyOf(unreadable);
      }
    }

    @Override
    public void close() {
      reader.interrupt();
    }
  }
}
