package io.vigie.devtools.demo;

import static io.vigie.devtools.demo.DemoLines.MINUTE;

import io.vigie.devtools.BundledDatasets;
import io.vigie.ingest.replay.CrisisLexCsv;
import io.vigie.ingest.replay.TimeRebase;
import io.vigie.schema.Post;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bundled CrisisLex samples the demo replays, merged in time order, and how they move to the
 * present: {@link #read} prints how many posts each sample holds and which days they cover.
 *
 * @param original the posts as they were, oldest first
 * @param rebase how their times move to the present
 */
public record DemoSamples(List<Post> original, TimeRebase rebase) {

  /** Reads every bundled sample and fits them to the last days, printing what it read. */
  public static DemoSamples read(PrintWriter out) throws IOException {
    List<Post> posts = readSamples(out);
    return new DemoSamples(posts, rebase(posts, out));
  }

  /** The posts with their times in the present, in the order they are published. */
  public List<Post> rebased() {
    return original.stream().map(rebase::rebase).toList();
  }

  /** What takes a rebased time back to the original one, so that alerts show the original times. */
  public Duration backToOriginal() {
    return Duration.between(rebase.rebase(first(original)), first(original));
  }

  private static List<Post> readSamples(PrintWriter out) throws IOException {
    List<Post> original = new ArrayList<>();
    Instant now = Instant.now();
    for (BundledDatasets.CrisisLexEvent event : BundledDatasets.crisisLex()) {
      CrisisLexCsv.Contents contents = event.read();
      contents.rows().forEach(row -> original.add(CrisisLexCsv.toPost(row, now)));
      out.printf(
          DemoLines.READ,
          contents.rows().size(),
          event.name(),
          contents.rejected().isEmpty()
              ? ""
              : " (" + contents.rejected().size() + " unreadable lines)");
    }
    // Merged in time order: the samples overlap in time, and on one partition the detectors see
    // posts in the order they are published. One sample after the other put the second sample's
    // first days behind the first sample's last post, where the detectors dropped them as late.
    original.sort(Comparator.comparing(Post::getCreatedAt));
    return original;
  }

  private static Instant first(List<Post> posts) {
    return posts.stream().map(Post::getCreatedAt).min(Instant::compareTo).orElseThrow();
  }

  /**
   * Kafka applies retention to record timestamps: 2013 posts would be deleted at once. The samples
   * move to the present by whole days, at their own pace, ending within the last day.
   */
  private static TimeRebase rebase(List<Post> posts, PrintWriter out) {
    Instant first = first(posts);
    Instant last = posts.stream().map(Post::getCreatedAt).max(Instant::compareTo).orElseThrow();
    // Whole days: the detectors' hour-of-day cycle sees each hour as it was, so every run of the
    // demo gives the same alerts whatever the time it starts.
    TimeRebase rebase =
        TimeRebase.byWholeDaysEndingBefore(Instant.now().minus(Duration.ofMinutes(1)), first, last);
    out.printf(
        DemoLines.REPLAYING,
        MINUTE.format(first),
        MINUTE.format(last),
        Duration.between(first, last).toDays() + 1,
        TimeRebase.ORIGINAL_TIME_ATTRIBUTE);
    return rebase;
  }
}
