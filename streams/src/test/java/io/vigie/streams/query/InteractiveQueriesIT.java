package io.vigie.streams.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.core.config.CoreConfigKeys;
import io.vigie.core.health.ConsumerLag;
import io.vigie.localstack.LocalStack;
import io.vigie.streams.StreamsConfigKeys;
import io.vigie.streams.StreamsProcess;
import io.vigie.streams.StreamsRun;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.DistinctTexts;
import io.vigie.testkit.RawPosts;
import io.vigie.testkit.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the Streams application on the real broker, each serving interactive queries:
 * every subject's detection state is answered by either, the one not holding the subject's
 * partition relaying to the one that does, and the counts are those of the posts sent.
 */
@ExtendWith(RealServers.class)
class InteractiveQueriesIT {

  private static final String TOKEN = "iq-test-token-1234";
  private static final int TAGS = 24;
  private static final int POSTS_PER_TAG = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void eitherInstanceAnswersForEverySubjectFromTheInstanceThatOwnsIt(LocalStack stack)
      throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put(StreamsConfigKeys.STREAMS_QUERY_PORT, "0");
    settings.put(CoreConfigKeys.API_TOKENS, TOKEN + "=ana:viewer");
    // Forty minutes of event time are published in a second over six partitions, and the two
    // instances work through them in no set order: with the default two minutes of grace, all of
    // one subject's posts could come behind its task's event time and go uncounted by the
    // horizons. An hour of grace counts every post, so the baselines below are deterministic.
    settings.put(StreamsConfigKeys.DETECT_GRACE_SECONDS, "3600");
    StreamsRun run = StreamsRun.isolated(stack, "iq", settings).createTopics();

    try (Admin admin = Admin.create(run.kafka());
        StreamsProcess a = run.start(dir.resolve("first"));
        StreamsProcess b = run.start(dir.resolve("second"))) {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  a.app().state() == KafkaStreams.State.RUNNING
                      && b.app().state() == KafkaStreams.State.RUNNING
                      && instances(a).size() == 2);

      Instant start =
          Instant.now()
              .minus(Duration.ofHours(1))
              .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      Map<String, Instant> lastPost = new HashMap<>();
      Random random = new Random(7);
      try (RawPosts publisher = new RawPosts(run.bootstrapServers(), run.topics().rawPosts())) {
        int sequence = 0;
        for (int round = 0; round < POSTS_PER_TAG; round++) {
          for (int tag = 0; tag < TAGS; tag++) {
            Instant at = start.plusSeconds(10L * sequence);
            publisher.publish(
                CrisisScenario.post(
                    "q" + sequence,
                    "user" + sequence,
                    DistinctTexts.of(random, "#zone" + tag),
                    at));
            lastPost.put("hashtag:zone" + tag, at);
            sequence++;
          }
          publisher.flush();
          // Round by round, so that each subject's posts reach its detection task in event-time
          // order. Sent at once, they arrive through six upstream partitions in any order: a
          // subject whose latest post came first would hold its buckets open until the task's
          // watermark passed it, and could show no bucket learned yet (a clean-clone CI run saw
          // it).
          await()
              .atMost(Duration.ofSeconds(120))
              .pollInterval(Duration.ofMillis(200))
              .until(() -> ConsumerLag.of(admin, run.applicationId(), run.inputTopics()) == 0);
        }
      }

      Set<String> answeredBy = new HashSet<>();
      for (int tag = 0; tag < TAGS; tag++) {
        String subject = "hashtag:zone" + tag;
        JsonNode fromA = get(a, "/v1/subjects/" + subject, TOKEN);
        JsonNode fromB = get(b, "/v1/subjects/" + subject, TOKEN);
        assertThat(fromA).as(subject + " from either instance").isEqualTo(fromB);
        assertThat(fromA.get("subject").asText()).isEqualTo(subject);
        assertThat(fromA.get("kind").asText()).isEqualTo("hashtag");
        assertThat(fromA.get("posts").asLong()).as(subject).isEqualTo(POSTS_PER_TAG);
        assertThat(Instant.parse(fromA.get("last_seen").asText())).isEqualTo(lastPost.get(subject));
        assertThat(fromA.get("horizons")).isNotEmpty();
        for (JsonNode horizon : fromA.get("horizons")) {
          assertThat(horizon.get("expected").asDouble()).isPositive();
          assertThat(horizon.get("buckets_learned").asLong()).isPositive();
          assertThat(horizon.get("top_terms").isArray()).isTrue();
        }
        answeredBy.add(fromA.get("served_by").asText());
      }
      assertThat(answeredBy)
          .as("each instance owns some of the subjects")
          .containsExactlyInAnyOrder(endpoint(a), endpoint(b));

      JsonNode everything = get(b, "/v1/subjects/global", TOKEN);
      assertThat(everything.get("posts").asLong()).isPositive();
      assertThat(status(a, "/v1/subjects/hashtag:never-posted", TOKEN)).isEqualTo(404);
      assertThat(status(b, "/v1/subjects/hashtag:never-posted", TOKEN)).isEqualTo(404);
      assertThat(status(a, "/v1/subjects/global", null)).isEqualTo(401);
      assertThat(status(b, "/v1/subjects/global", "not-the-token")).isEqualTo(401);

      List<JsonNode> listed = instances(a);
      Set<String> active = new HashSet<>();
      for (JsonNode instance : listed) {
        instance.get("active_partitions").forEach(p -> active.add(p.asText()));
      }
      String repartition = DetectionTopology.subjectsRepartitionTopic(run.applicationId());
      int partitions = run.partitions();
      for (int p = 0; p < partitions; p++) {
        assertThat(active)
            .as("every partition has an active instance")
            .contains(repartition + "-" + p);
      }
    }
  }

  private static String endpoint(StreamsProcess streams) {
    return streams.queries().orElseThrow().applicationServer();
  }

  private static List<JsonNode> instances(StreamsProcess streams) throws Exception {
    List<JsonNode> all = new ArrayList<>();
    get(streams, "/v1/instances", TOKEN).get("instances").forEach(all::add);
    return all;
  }

  private static JsonNode get(StreamsProcess streams, String path, String token) throws Exception {
    HttpResponse<String> response = send(streams, path, token);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static int status(StreamsProcess streams, String path, String token) throws Exception {
    return send(streams, path, token).statusCode();
  }

  private static HttpResponse<String> send(StreamsProcess streams, String path, String token)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + streams.queries().orElseThrow().port() + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
