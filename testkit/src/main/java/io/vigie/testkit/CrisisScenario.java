package io.vigie.testkit;

import io.vigie.core.health.ConsumerLag;
import io.vigie.schema.Author;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Three hours of everyday chatter, then six witnesses of an explosion at a station within a minute:
 * the smallest live stream that makes the detection topology open a crisis incident. Also the posts
 * tests write: {@link #post}, from the {@code test} source.
 */
public final class CrisisScenario {

  /** What the burst may spike on first, depending on which task sees what first. */
  public static final List<String> BURST_SUBJECTS =
      List.of("crisis", "term:explosion", "term:station");

  private static final String[] CHATTER = {
    "Lunch at the new ramen place, the broth was great",
    "Anyone watching the match tonight? Big game",
    "Finally finished that book, what an ending",
    "Morning run along the river, lovely weather",
    "Trying a new recipe for dinner, wish me luck",
    "Traffic on the ring road again this morning",
    "Concert tickets sold out in ten minutes, unbelievable",
    "Coffee number three and it is not even noon"
  };

  private static final String[] WITNESSES = {
    "Huge explosion near the central station, smoke everywhere",
    "Just heard an explosion downtown, people running",
    "Explosion at the station?? Sirens all over",
    "Massive blast near the station, windows shattered",
    "Explosion reported at central station, injured people",
    "Smoke rising after the explosion at the station"
  };

  private CrisisScenario() {}

  /**
   * Publishes the chatter to {@code topics}' raw posts, waits until the Streams application {@code
   * applicationId} has processed all of it (each detection task dates its own start from the first
   * post it sees, as in a live stream), then publishes the burst. The first minutes of chatter go
   * first, on their own: published at once, three hours of posts reach the detection tasks through
   * six upstream partitions in any order, and a task whose first post came from late in the chatter
   * would still be warming up at the burst, so that the burst's new keys would not alert (a
   * clean-clone CI run saw it).
   *
   * @param streamsInputTopics every topic the application consumes posts and signals from, its
   *     internal repartition topics included: while any has lag, posts are still on their way
   */
  public static void publish(
      String bootstrapServers,
      VigieTopics topics,
      String applicationId,
      List<String> streamsInputTopics)
      throws Exception {
    Instant start = Instant.now().minus(Duration.ofHours(3));
    int chatter = 0;
    try (RawPosts publisher = new RawPosts(bootstrapServers, topics.rawPosts())) {
      for (int m = 0; m < 175; m += 2) {
        publisher
            .publish(
                post(
                    "c" + m,
                    "user" + m,
                    CHATTER[chatter++ % CHATTER.length] + " #" + m,
                    start.plus(Duration.ofMinutes(m))))
            .get();
        if (m == 20) {
          awaitProcessed(bootstrapServers, applicationId, streamsInputTopics);
        }
      }
    }
    TestTopics.readAtLeast(
        bootstrapServers,
        topics.enrichedPosts().name(),
        topics.enrichedPosts().valueSerde().deserializer(),
        chatter,
        Duration.ofSeconds(120));
    awaitProcessed(bootstrapServers, applicationId, streamsInputTopics);
    Instant burst = start.plus(Duration.ofMinutes(178));
    try (RawPosts publisher = new RawPosts(bootstrapServers, topics.rawPosts())) {
      for (int i = 0; i < WITNESSES.length; i++) {
        publisher
            .publish(post("w" + i, "witness" + i, WITNESSES[i], burst.plusSeconds(7L * i)))
            .get();
      }
    }
  }

  /** Waits (up to two minutes) until the Streams application has no lag on any of its inputs. */
  private static void awaitProcessed(
      String bootstrapServers, String applicationId, List<String> streamsInputTopics)
      throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (ConsumerLag.of(admin, applicationId, streamsInputTopics) > 0
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
    }
  }

  /** A post of the {@code test} source, created and ingested at {@code created}. */
  public static Post post(String id, String author, String text, Instant created) {
    return Post.newBuilder()
        .setSource("test")
        .setId(id)
        .setText(text)
        .setCreatedAt(created)
        .setIngestedAt(created)
        .setAuthor(Author.newBuilder().setHandle(author).setId(author).build())
        .build();
  }
}
