package io.vigie.devtools.demo;

import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.cli.ProgressBar;
import io.vigie.core.health.ConsumerLag;
import io.vigie.streams.detect.DetectionTopology;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.admin.Admin;

/**
 * Waits until the Streams application and the indexer have no lag left. The bar follows detection,
 * the slowest stage: the observations (one per subject a post concerns) it has judged, of those
 * enrichment has sent it so far. It gives up after five minutes without progress: on a busy machine
 * the whole catch-up may take longer, and a slow demo is still a demo.
 */
public final class PipelineCatchUp {

  private PipelineCatchUp() {}

  /**
   * Returns once nothing is left to process of the {@code published} posts, showing progress on
   * {@code status}; throws {@link IllegalStateException} after five minutes without progress.
   */
  public static void await(
      Connections connections, Pipeline.Naming naming, long published, StatusLine status)
      throws InterruptedException {
    Duration patience = Duration.ofMinutes(5);
    long deadline = System.nanoTime() + patience.toNanos();
    List<Long> lastReading = List.of();
    ProgressBar.Tally detected = new ProgressBar.Tally(0, System.nanoTime());
    String observations = DetectionTopology.subjectsRepartitionTopic(naming.applicationId());
    try (Admin admin = Admin.create(connections.kafka())) {
      while (true) {
        long streamsLag =
            ConsumerLag.of(admin, naming.applicationId(), naming.streamsInputTopics());
        long indexerLag =
            ConsumerLag.of(admin, naming.indexerGroupId(), naming.indexerInputTopics());
        boolean done = streamsLag == 0 && indexerLag == 0;
        if (done) {
          detected.finish();
        } else {
          ConsumerLag.Position judged =
              ConsumerLag.position(admin, naming.applicationId(), List.of(observations));
          detected.observe(judged.consumed(), judged.end(), System.nanoTime());
          List<Long> reading = List.of(streamsLag, indexerLag, judged.consumed(), judged.end());
          if (!reading.equals(lastReading)) {
            lastReading = reading;
            deadline = System.nanoTime() + patience.toNanos();
          }
        }
        status.show(
            detected.render(
                "observations judged",
                String.format(
                    Locale.ROOT,
                    "of %,d posts (%,d records in flight, %,d to index)",
                    published,
                    streamsLag,
                    indexerLag)));
        if (done) {
          return;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "The pipeline made no progress for 5 minutes (lag "
                  + streamsLag
                  + " + "
                  + indexerLag
                  + ")");
        }
        Thread.sleep(500);
      }
    }
  }
}
