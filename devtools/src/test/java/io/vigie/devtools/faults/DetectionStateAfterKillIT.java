package io.vigie.devtools.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Metrics;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.health.ConsumerLag;
import io.vigie.core.http.Ports;
import io.vigie.devtools.process.ChildProcess;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.localstack.LocalStack;
import io.vigie.streams.detect.DetectionTopology;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.DistinctTexts;
import io.vigie.testkit.RealServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Detection keeps subject states in memory and writes them to its store (and changelog) once per
 * commit, just before the exactly-once transaction. A {@code vigie streams} process killed with
 * SIGKILL between two commits must lose those unwritten states together with the uncommitted input,
 * so that the restarted instance, restored from the changelog and reprocessing that input, counts
 * every post exactly once: no more (states written without their input committed), no less (input
 * committed without its states).
 */
@ExtendWith(RealServers.class)
class DetectionStateAfterKillIT {

  private static final String TOKEN = "state-test-token-1234";
  private static final int TAGS = 12;
  private static final int ROUNDS = 5;

  /**
   * Two kills: the second hits an instance that restored its states from the changelog after the
   * first, so states written since a restore are covered too. More kills repeat the same path
   * ({@code vigie faults --only streams-kill} kills twenty times).
   */
  private static final Set<Integer> KILLED_AFTER_ROUND = Set.of(1, 3);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void everyPostIsCountedOnceByItsSubjectsThroughKillsBetweenCommits(LocalStack stack)
      throws Exception {
    int port = Ports.freePort();
    FaultRun run =
        FaultRun.create(
            "state",
            dir,
            stack,
            Map.of(
                VigieConfig.STREAMS_QUERY_PORT,
                Integer.toString(port),
                VigieConfig.API_TOKENS,
                TOKEN + "=ana:viewer",
                // Every post counted by the horizons, whatever order the six partitions deliver.
                VigieConfig.DETECT_GRACE_SECONDS,
                "3600",
                // A commit every 2 s: room to kill while a round's states are held in memory,
                // judged but neither written nor committed.
                VigieConfig.STREAMS_COMMIT_INTERVAL_MS,
                "2000"));
    Path jar = Path.of("target", "vigie.jar").toAbsolutePath();
    assertThat(jar).as("mvn package writes the launcher before the integration tests").exists();
    Instant start = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);

    try (Admin admin = Admin.create(run.kafka());
        ChildProcess streams = run.streamsProcess(jar, "a").start();
        PostPublisher publisher =
            PostPublisher.create(
                run.naming.topics().rawPosts(),
                run.kafka(),
                new IngestMetrics(Metrics.globalRegistry))) {
      run.awaitMembers(admin, 1, Duration.ofMinutes(2));
      Random random = new Random(11);
      int sequence = 0;
      for (int round = 0; round < ROUNDS; round++) {
        for (int tag = 0; tag < TAGS; tag++) {
          publisher.publish(
              CrisisScenario.post(
                  "s" + sequence,
                  "user" + sequence,
                  DistinctTexts.of(random, "#zone" + tag),
                  start.plusSeconds(10L * sequence)));
          sequence++;
        }
        publisher.flush();
        if (KILLED_AFTER_ROUND.contains(round)) {
          killWhileDetectionHoldsTheRound(admin, run, streams);
        }
        // Round by round, so that each subject's posts reach detection in event-time order. The
        // lag must stay at 0 for a second: a transaction's markers reach the group's offsets and
        // its output topics one after the other.
        await()
            .atMost(Duration.ofMinutes(2))
            .during(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () ->
                    ConsumerLag.of(
                            admin, run.naming.applicationId(), run.naming.streamsInputTopics())
                        == 0);
      }
      assertThat(streams.alive()).as(streams.logTail()).isTrue();

      Map<String, Long> expected = new TreeMap<>();
      Map<String, Long> counted = new TreeMap<>();
      for (int tag = 0; tag < TAGS; tag++) {
        expected.put("hashtag:zone" + tag, (long) ROUNDS);
        counted.put("hashtag:zone" + tag, postsOf(port, "hashtag:zone" + tag));
      }
      expected.put("global", (long) ROUNDS * TAGS);
      counted.put("global", postsOf(port, "global"));
      assertThat(counted).as(streams.logTail()).isEqualTo(expected);
    }
  }

  /**
   * Waits until the round's observations are committed to the subjects repartition topic, all else
   * consumed, so that detection fetches and judges them at once; then kills the instance well
   * before the commit that would write their states (one every 2 s), and starts it again.
   */
  private static void killWhileDetectionHoldsTheRound(
      Admin admin, FaultRun run, ChildProcess streams) throws Exception {
    String subjects = DetectionTopology.subjectsRepartitionTopic(run.naming.applicationId());
    List<String> upstream =
        run.naming.streamsInputTopics().stream().filter(t -> !t.equals(subjects)).toList();
    String group = run.naming.applicationId();
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                ConsumerLag.of(admin, group, List.of(subjects)) > 0
                    && ConsumerLag.of(admin, group, upstream) == 0);
    Thread.sleep(300);
    streams.kill();
    streams.start();
  }

  /**
   * The subject's post count from the restarted instance, once it answers (not rebalancing): 0 for
   * a subject its store does not hold.
   */
  private static long postsOf(int port, String subject) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/subjects/" + subject))
            .header("Authorization", "Bearer " + TOKEN)
            .build();
    JsonNode[] answer = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptions()
        .until(
            () -> {
              HttpResponse<String> response =
                  HTTP.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() == 404) {
                answer[0] = JSON.createObjectNode().put("posts", 0);
                return true;
              }
              if (response.statusCode() != 200) {
                return false;
              }
              answer[0] = JSON.readTree(response.body());
              return true;
            });
    return answer[0].get("posts").asLong();
  }
}
