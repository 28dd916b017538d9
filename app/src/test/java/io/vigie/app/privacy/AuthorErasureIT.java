package io.vigie.app.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.TestConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.privacy.AuthorErasure;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Evidence;
import io.vigie.schema.Post;
import io.vigie.schema.SamplePost;
import io.vigie.schema.Signal;
import io.vigie.schema.Topic;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One author erased from a real Elasticsearch after the indexer wrote their posts and a signal and
 * an alert quoting them: none of their posts, and none of their quotes, remain searchable; the
 * other authors' posts and quotes stay.
 */
@ExtendWith(RealServers.class)
class AuthorErasureIT {

  private static final Instant T = Instant.parse("2013-04-15T18:55:00Z");
  private final VigieConfig config = TestConfig.config();
  @TempDir Path stateDir;

  @Test
  void nothingOfTheErasedAuthorRemainsSearchableAndEveryoneElseStays(LocalStack stack)
      throws Exception {
    Connections connections = Connections.of(config, Optional.of(stack));
    Pipeline.Naming naming =
        Pipeline.Naming.from(config)
            .isolated("er" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    List<Post> posts = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      posts.add(
          CrisisScenario.post("e" + i, "erased-author", "Explosion update " + i, T.plusSeconds(i)));
    }
    for (int i = 0; i < 5; i++) {
      posts.add(
          CrisisScenario.post(
              "k" + i, "kept-author", "Smoke near the station " + i, T.plusSeconds(i)));
    }
    Evidence evidence =
        Evidence.newBuilder(SampleFindings.evidence())
            .setSamplePostIds(List.of("test:e0", "test:k0"))
            .setSamplePosts(
                List.of(sample("test:e0", "erased-author"), sample("test:k0", "kept-author")))
            .build();
    Signal signal = Signal.newBuilder(SampleFindings.signal()).setEvidence(evidence).build();
    Alert alert =
        Alert.newBuilder(SampleFindings.alert())
            .setExplanation(
                io.vigie.schema.Explanation.newBuilder(SampleFindings.alert().getExplanation())
                    .setEvidence(evidence)
                    .build())
            .setSamplePosts(evidence.getSamplePosts())
            .build();

    try (Pipeline pipeline =
            Pipeline.start(
                connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER));
        Admin admin = Admin.create(connections.kafka())) {
      for (Post post : posts) {
        send(
            connections,
            naming.topics().enrichedPosts(),
            "test:" + post.getId(),
            EnrichedPost.newBuilder().setPost(post).setEnrichedAt(Instant.now()).build());
      }
      send(connections, naming.topics().signals(), signal.getId(), signal);
      send(connections, naming.topics().alerts(), alert.getId(), alert);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  ConsumerLag.of(admin, naming.indexerGroupId(), naming.indexerInputTopics()) == 0);
    }
    ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
    try {
      String all = naming.indexPrefix() + "*";
      client.indices().refresh(r -> r.index(all));
      assertThat(count(client, naming.indexPrefix() + "posts-*", "author.id", "erased-author"))
          .isEqualTo(7);

      // Pages of two: the point in time is walked with search_after across several pages.
      AuthorErasure.Result result =
          new AuthorErasure(client, naming.indexPrefix(), 2).erase("erased-author");

      assertThat(result.postsDeleted()).isEqualTo(7);
      assertThat(result.documentsScrubbed()).isEqualTo(2); // the signal and the alert
      assertThat(result.handles()).containsExactly("erased-author");
      assertThat(count(client, naming.indexPrefix() + "posts-*", "author.id", "erased-author"))
          .isZero();
      assertThat(count(client, naming.indexPrefix() + "posts-*", "author.id", "kept-author"))
          .isEqualTo(5);
      for (String field :
          List.of(
              "evidence.sample_posts.author_handle",
              "explanation.evidence.sample_posts.author_handle",
              "sample_posts.author_handle")) {
        assertThat(count(client, all, field, "erased-author")).as(field).isZero();
        assertThat(count(client, all, field, "kept-author")).as(field).isPositive();
      }
      assertThat(count(client, all, "evidence.sample_post_ids", "test:e0")).isZero();
      assertThat(count(client, all, "explanation.evidence.sample_post_ids", "test:e0")).isZero();
      // Nor in the text anyone could search.
      assertThat(
              client
                  .count(
                      c ->
                          c.index(all).query(q -> q.queryString(s -> s.query("\"erased-author\""))))
                  .count())
          .isZero();
      JsonNode kept =
          client
              .get(
                  g -> g.index(naming.indexPrefix() + "alerts-2013.04").id(alert.getId()),
                  JsonNode.class)
              .source();
      assertThat(kept.at("/sample_posts/0/key").asText()).isEqualTo("test:k0");
      assertThat(kept.at("/title").asText()).isEqualTo(alert.getTitle());

      AuthorErasure.Result again =
          new AuthorErasure(client, naming.indexPrefix(), 2).erase("erased-author");
      assertThat(again.postsDeleted()).as("a second run finds nothing").isZero();
      assertThat(again.documentsScrubbed()).isZero();

      // The command: refused without a terminal to confirm at, done with --yes.
      java.util.Map<String, String> settings =
          java.util.Map.of(
              VigieConfig.KAFKA_BOOTSTRAP, stack.bootstrapServers().orElseThrow(),
              VigieConfig.ES_URLS, stack.elasticsearchUrl().orElseThrow().toString(),
              VigieConfig.ES_INDEX_PREFIX, naming.indexPrefix(),
              VigieConfig.TOPICS_PREFIX, naming.topicPrefix());
      io.vigie.app.testing.CliRun refused =
          io.vigie.app.testing.CliRun.vigie(settings, "erase-author", "kept-author");
      assertThat(refused.exit()).as(refused.err()).isEqualTo(ExitCode.USAGE.code());
      assertThat(count(client, naming.indexPrefix() + "posts-*", "author.id", "kept-author"))
          .isEqualTo(5);
      io.vigie.app.testing.CliRun erased =
          io.vigie.app.testing.CliRun.vigie(settings, "erase-author", "--yes", "kept-author");
      assertThat(erased.exit()).as(erased.err()).isZero();
      assertThat(erased.out()).contains("5 posts deleted", "2 signals and alerts rewritten");
      assertThat(count(client, all, "sample_posts.author_handle", "kept-author")).isZero();
    } finally {
      client._transport().close();
    }
  }

  private static SamplePost sample(String key, String handle) {
    return SamplePost.newBuilder()
        .setKey(key)
        .setTextExcerpt("quoted by " + handle)
        .setCreatedAt(T)
        .setAuthorHandle(handle)
        .build();
  }

  private static long count(ElasticsearchClient client, String index, String field, String value)
      throws Exception {
    return client
        .count(c -> c.index(index).query(q -> q.term(t -> t.field(field).value(value))))
        .count();
  }

  private static <T> void send(Connections connections, Topic<String, T> topic, String key, T value)
      throws Exception {
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }
}
