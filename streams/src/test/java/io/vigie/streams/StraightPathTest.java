package io.vigie.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.VigieTopics;
import io.vigie.streams.enrich.PostEnricher;
import io.vigie.streams.errors.DeadLetterHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application's task layout: a post leaves it only for a repartition that brings keys together
 * or for a topic others read; it never reads back a topic it writes itself.
 */
class StraightPathTest {

  private static final Instant NOW = Instant.parse("2013-04-15T19:00:00Z");
  private static final Set<String> REPARTITIONS =
      Set.of(
          "posts-by-text-repartition",
          "detect-by-subject-repartition",
          "detect-incidents-repartition");

  private final VigieTopics topics = VigieTopics.withPrefix("test.");
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @TempDir Path stateDir;

  @Test
  void shouldReadBackNoTopicItWritesButItsRepartitions() {
    for (boolean unique : List.of(false, true)) {
      TopologyDescription description = topology(unique).describe();

      Set<String> readBack = new HashSet<>(sinkTopics(description));
      readBack.retainAll(sourceTopics(description));

      assertThat(readBack).as("unique topic enabled: %s", unique).isEqualTo(REPARTITIONS);
    }
  }

  @Test
  void shouldReadNeitherTheUniqueNorTheEnrichedPostsTopic() {
    Set<String> sources = sourceTopics(topology(true).describe());

    assertThat(sources)
        .doesNotContain(topics.uniquePosts().name(), topics.enrichedPosts().name())
        .contains(topics.rawPosts().name(), topics.alertActions().name());
  }

  @Test
  void shouldWriteTheUniquePostsTopicOnlyWhenEnabled() {
    assertThat(sinkTopics(topology(false).describe()))
        .doesNotContain(topics.uniquePosts().name())
        .contains(topics.enrichedPosts().name(), topics.signals().name(), topics.alerts().name());
    assertThat(sinkTopics(topology(true).describe())).contains(topics.uniquePosts().name());
  }

  @Test
  void shouldEnrichInTheRawTasksAndObserveInTheTaskThatClusteredIt() {
    TopologyDescription description = topology(false).describe();
    TopologyDescription.Subtopology intake = subtopologyWith(description, "validate-post");
    TopologyDescription.Subtopology clustering =
        subtopologyWith(description, "cluster-near-duplicates");

    // Enrichment, the costly stage, runs on every raw partition, not on clustering's one.
    assertThat(nodeNames(intake)).contains("drop-redeliveries", "enrich-post");
    assertThat(nodeNames(clustering))
        .contains("enriched-posts", "observe")
        .doesNotContain("enrich-post", "detect-subjects", "assemble-incidents");
  }

  @Test
  void shouldKeepItsStateStoreNames() {
    Set<String> stores =
        topology(false).describe().subtopologies().stream()
            .flatMap(sub -> sub.nodes().stream())
            .filter(TopologyDescription.Processor.class::isInstance)
            .flatMap(node -> ((TopologyDescription.Processor) node).stores().stream())
            .collect(Collectors.toSet());

    assertThat(stores)
        .containsExactlyInAnyOrder(
            "dedup-redeliveries",
            "dedup-cluster-text-index",
            "dedup-cluster-band-index",
            "dedup-cluster-state",
            "dedup-cluster-expiry",
            "detect-subjects",
            "detect-subjects-commit-hook",
            "detect-incidents");
  }

  @Test
  void shouldWriteEachPostToTheUniqueTopicOnlyWhenEnabledAndObserveItEitherWay() {
    for (boolean unique : List.of(false, true)) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      try (TopologyTestDriver driver = driver(unique, registry)) {
        TestInputTopic<String, Post> raw =
            driver.createInputTopic(
                topics.rawPosts().name(),
                new StringSerializer(),
                topics.rawPosts().valueSerde().serializer());
        Post post = post("1", "Smoke after blast near marathon finish line");

        raw.pipeInput("twitter:1", post, post.getCreatedAt());

        List<EnrichedPost> enriched = read(driver, topics.enrichedPosts().name());
        assertThat(enriched).hasSize(1);
        assertThat(enriched.get(0).getLanguage()).isEqualTo("en");
        List<EnrichedPost> uniques = read(driver, topics.uniquePosts().name());
        if (unique) {
          assertThat(uniques).hasSize(1);
          assertThat(uniques.get(0).getPost()).isEqualTo(post);
          assertThat(uniques.get(0).getLanguage()).isNull();
        } else {
          assertThat(uniques).isEmpty();
          assertThat(driver.producedTopicNames()).doesNotContain(topics.uniquePosts().name());
        }
        assertThat(posts(registry, "detect", "in")).isEqualTo(1.0);
        assertThat(posts(registry, "enrich", "out")).isEqualTo(1.0);
      }
    }
  }

  private Topology topology(boolean unique) {
    return topology(unique, meters);
  }

  private Topology topology(boolean unique, SimpleMeterRegistry registry) {
    return VigieStreamsApp.topology(
        topics,
        TopologySettings.defaults().withUniquePostsTopic(unique),
        PostEnricher.defaults(),
        new StageMeters(registry),
        clock);
  }

  private TopologyTestDriver driver(boolean unique, SimpleMeterRegistry registry) {
    StreamsSettings settings =
        new StreamsSettings(
            "straight-path-test",
            stateDir.resolve(String.valueOf(unique)),
            StreamsConfig.EXACTLY_ONCE_V2,
            1,
            0,
            Map.of(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092"));
    Properties props = settings.toProperties();
    props.put(DeadLetterHandler.TOPIC_CONFIG, topics.streamsDeadLetters().name());
    props.put(DeadLetterHandler.METER_REGISTRY_CONFIG, registry);
    return new TopologyTestDriver(topology(unique, registry), props, NOW);
  }

  private List<EnrichedPost> read(TopologyTestDriver driver, String topic) {
    return driver
        .createOutputTopic(
            topic,
            topics.enrichedPosts().keySerde().deserializer(),
            topics.enrichedPosts().valueSerde().deserializer())
        .readValuesToList();
  }

  private static double posts(SimpleMeterRegistry registry, String stage, String direction) {
    return registry
        .get("vigie.streams.posts")
        .tags("stage", stage, "direction", direction)
        .counter()
        .count();
  }

  private static Set<String> sourceTopics(TopologyDescription description) {
    return description.subtopologies().stream()
        .flatMap(sub -> sub.nodes().stream())
        .filter(TopologyDescription.Source.class::isInstance)
        .flatMap(node -> ((TopologyDescription.Source) node).topicSet().stream())
        .collect(Collectors.toSet());
  }

  private static Set<String> sinkTopics(TopologyDescription description) {
    return description.subtopologies().stream()
        .flatMap(sub -> sub.nodes().stream())
        .filter(TopologyDescription.Sink.class::isInstance)
        .map(node -> ((TopologyDescription.Sink) node).topic())
        .collect(Collectors.toSet());
  }

  private static TopologyDescription.Subtopology subtopologyWith(
      TopologyDescription description, String node) {
    return description.subtopologies().stream()
        .filter(sub -> nodeNames(sub).contains(node))
        .findFirst()
        .orElseThrow();
  }

  private static Set<String> nodeNames(TopologyDescription.Subtopology subtopology) {
    return subtopology.nodes().stream()
        .map(TopologyDescription.Node::name)
        .collect(Collectors.toSet());
  }

  private static Post post(String id, String text) {
    Instant created = NOW.minusSeconds(60);
    return Post.newBuilder()
        .setSource("twitter")
        .setId(id)
        .setText(text)
        .setCreatedAt(created)
        .setIngestedAt(created.plusSeconds(1))
        .build();
  }
}
