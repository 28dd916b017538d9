package io.vigie.streams.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.Author;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.validation.PostValidator;
import io.vigie.streams.StageMeters;
import io.vigie.streams.StreamsSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a near-duplicate cluster lives, on a 24-hour retention: as long as its copies keep
 * coming, whatever time it opened, and no longer than the retention after its latest copy.
 */
class ClusterLifetimeTest {

  private static final Duration RETENTION = Duration.ofHours(24);
  private static final Instant START = Instant.parse("2013-04-15T19:00:00Z");
  private static final String TEXT =
      "Huge explosion near the marathon finish line, many people injured";

  private final VigieTopics topics = VigieTopics.withPrefix("test.");
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, Post> raw;
  private TestOutputTopic<String, EnrichedPost> unique;

  @BeforeEach
  void startDriver() {
    // The validator refuses posts from the future: its clock stands after every post of a test.
    Clock clock = Clock.fixed(START.plus(Duration.ofDays(10)), ZoneOffset.UTC);
    StreamsBuilder builder = new StreamsBuilder();
    DedupTopology dedup =
        new DedupTopology(
            topics,
            new PostValidator(clock, PostValidator.Limits.defaults()),
            new DedupSettings(RETENTION, RETENTION, 1, 0.6, 20),
            new StageMeters(new SimpleMeterRegistry()),
            clock);
    dedup.writeUniquePosts(dedup.build(builder));
    StreamsSettings settings =
        new StreamsSettings(
            "cluster-lifetime-test",
            stateDir,
            StreamsConfig.EXACTLY_ONCE_V2,
            1,
            0,
            Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    driver = new TopologyTestDriver(builder.build(), settings.toProperties(), START);
    raw =
        driver.createInputTopic(
            topics.rawPosts().name(),
            new StringSerializer(),
            topics.rawPosts().valueSerde().serializer());
    unique =
        driver.createOutputTopic(
            topics.uniquePosts().name(),
            topics.uniquePosts().keySerde().deserializer(),
            topics.uniquePosts().valueSerde().deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  @Test
  void shouldKeepOneClusterWithItsTrueSizeAndAuthorsWhenAPostIsResharedForThreeDays() {
    // A copy every 6 hours for 3 days by 10 accounts, some resharing twice; at hour 60 a lightly
    // edited copy, which only the opener's LSH bands can lead to its cluster.
    List<String> authors = new ArrayList<>();
    for (int copy = 0; copy <= 12; copy++) {
      String author = "account-" + (copy % 10);
      authors.add(author);
      String text = copy == 10 ? TEXT + " tonight!!" : copy == 0 ? TEXT : "RT @account-0: " + TEXT;
      publish(Integer.toString(copy), author, text, START.plus(Duration.ofHours(6L * copy)));
    }

    List<EnrichedPost> out = unique.readValuesToList();

    assertThat(out).hasSize(13);
    assertThat(out).extracting(EnrichedPost::getClusterId).containsOnly("twitter:0");
    assertThat(out).filteredOn(EnrichedPost::getClusterOpener).hasSize(1);
    assertThat(out)
        .extracting(EnrichedPost::getClusterSize)
        .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    assertThat(out.get(12).getClusterAuthors()).isEqualTo(authors.stream().distinct().count());
    assertThat(out.get(10).getClusterSimilarity()).isLessThan(1f);
    assertThat(droppedRecords()).as("updates a store skipped").isZero();
  }

  @Test
  void shouldCountACopyArrivingLateInItsLiveClusterWithoutRewindingIt() {
    publish("1", "alice", TEXT, START);
    publish("2", "bob", "RT @alice: " + TEXT, START.plus(Duration.ofHours(20)));
    publish("3", "carol", "RT @alice: " + TEXT, START.plus(Duration.ofHours(40)));
    // Dated 30 hours before the stream's time: older than the retention, yet its cluster is live.
    publish("4", "dave", "RT @alice: " + TEXT, START.plus(Duration.ofHours(10)));
    publish("4", "dave", "RT @alice: " + TEXT, START.plus(Duration.ofHours(10))); // redelivered
    // 23 hours after the latest copy: the late one did not move the cluster's time back.
    publish("5", "erin", "RT @alice: " + TEXT, START.plus(Duration.ofHours(63)));

    List<EnrichedPost> out = unique.readValuesToList();

    assertThat(out).extracting(EnrichedPost::getClusterId).containsOnly("twitter:1");
    assertThat(out).extracting(EnrichedPost::getClusterSize).containsExactly(1, 2, 3, 4, 5);
    assertThat(out.get(4).getClusterAuthors()).isEqualTo(5);
    assertThat(droppedRecords()).isZero();
  }

  @Test
  void shouldForgetAClusterAndItsIndexesOnceNoCopyCameForLongerThanTheRetention() {
    publish("1", "alice", TEXT, START);
    publish("2", "bob", "RT @alice: " + TEXT, START.plus(Duration.ofHours(12)));
    // Another story moves stream time past the retention after the latest copy, and the sweep.
    publish("3", "carol", "Les quais de la Saône sont fermés à cause de la crue ce matin", at(38));

    assertThat(keys(DedupTopology.CLUSTERS_STORE)).containsExactly("twitter:3");
    assertThat(values(DedupTopology.TEXTS_STORE)).containsOnly("twitter:3");
    assertThat(values(DedupTopology.BANDS_STORE)).containsOnly("twitter:3");

    publish("4", "dave", "RT @alice: " + TEXT, at(39));

    EnrichedPost late = unique.readValuesToList().get(3);
    assertThat(late.getClusterId()).isEqualTo("twitter:4");
    assertThat(late.getClusterOpener()).isTrue();
    assertThat(late.getClusterSize()).isEqualTo(1);
  }

  @Test
  void shouldNotFindAnExpiredClusterEvenBeforeTheSweepForgetsIt() {
    publish("1", "alice", TEXT, START);
    // 24 hours and 1 second later: expired, though the sweep, every hour of stream time, is due
    // only on the next hour.
    publish("2", "bob", "RT @alice: " + TEXT, START.plus(RETENTION).plusSeconds(1));

    List<EnrichedPost> out = unique.readValuesToList();

    assertThat(out.get(1).getClusterId()).isEqualTo("twitter:2");
    assertThat(out.get(1).getClusterOpener()).isTrue();
  }

  private static Instant at(int hours) {
    return START.plus(Duration.ofHours(hours));
  }

  private void publish(String id, String author, String text, Instant created) {
    Post post =
        Post.newBuilder()
            .setSource("twitter")
            .setId(id)
            .setText(text)
            .setCreatedAt(created)
            .setIngestedAt(created)
            .setAuthor(Author.newBuilder().setId(author).setHandle(author).build())
            .build();
    raw.pipeInput("twitter:" + id, post, created);
  }

  private <K, V> List<KeyValue<K, V>> entries(String store) {
    KeyValueStore<K, V> kv = driver.getKeyValueStore(store);
    List<KeyValue<K, V>> entries = new ArrayList<>();
    try (var all = kv.all()) {
      all.forEachRemaining(entries::add);
    }
    return entries;
  }

  private List<String> keys(String store) {
    return this.<String, Object>entries(store).stream().map(entry -> entry.key).toList();
  }

  private List<String> values(String store) {
    return this.<Object, String>entries(store).stream().map(entry -> entry.value).toList();
  }

  /** Kafka Streams' count of records it skipped, expired window-store writes among them. */
  private double droppedRecords() {
    return driver.metrics().entrySet().stream()
        .filter(metric -> metric.getKey().name().equals("dropped-records-total"))
        .mapToDouble(metric -> ((Number) metric.getValue().metricValue()).doubleValue())
        .sum();
  }
}
