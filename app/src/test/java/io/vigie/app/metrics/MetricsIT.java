package io.vigie.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Metrics;
import io.vigie.alerts.dispatch.AlertDispatcher;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.alerts.dispatch.EmailSender;
import io.vigie.alerts.dispatch.HttpSender;
import io.vigie.alerts.watchdog.PipelineWatch;
import io.vigie.alerts.watchdog.RunningWatchdog;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.TestConfig;
import io.vigie.core.health.Health;
import io.vigie.ingest.publish.IngestMetrics;
import io.vigie.ingest.publish.PostPublisher;
import io.vigie.ingest.publish.RefusedPosts;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.CrisisScenario;
import io.vigie.testkit.RealServers;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Vigie component in one JVM on the real broker and Elasticsearch (ingest publisher, the
 * Streams application, the indexer, the dispatcher with a route, the watchdog), taken through a
 * crisis: the metrics endpoint's text passes a real Prometheus's {@code promtool check metrics},
 * its health is up, and every metric the Grafana dashboard queries is in it.
 */
@ExtendWith(RealServers.class)
class MetricsIT {

  private static final Pattern METRIC =
      Pattern.compile("\\b((?:vigie|jvm|process|kafka)_[a-z0-9_]+)");
  // One partition, as in the demo: every detection task sees the chatter before the burst, so
  // the burst pages the route whatever the order tasks start in.
  private final VigieConfig config = TestConfig.config().with(VigieConfig.TOPICS_PARTITIONS, "1");
  @TempDir Path stateDir;

  @Test
  void exposesValidPrometheusTextWithEveryMetricTheDashboardQueries(LocalStack stack)
      throws Exception {
    Path promtool = Path.of("/usr/bin/promtool");
    if (System.getenv("CI") != null && !Files.isExecutable(promtool)) {
      throw new IllegalStateException(
          "CI needs Debian's prometheus package for promtool (.ci/run installs it)");
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool), "no promtool here");
    Connections connections = Connections.of(config, Optional.of(stack));
    String bootstrap = stack.bootstrapServers().orElseThrow();
    Pipeline.Naming naming =
        Pipeline.Naming.from(config)
            .isolated("mt" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    AtomicInteger delivered = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/slack",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          delivered.incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    Health health = new Health();
    try (MetricsEndpoint metrics = MetricsEndpoint.start("all-in-one", "127.0.0.1", 0, health);
        Pipeline pipeline = Pipeline.start(connections, config, naming, Clock.systemUTC());
        RunningWatchdog watchdog =
            RunningWatchdog.start(
                connections.kafka(),
                connections.elasticsearch(),
                naming.topics(),
                naming.consumerGroups(config.string(VigieConfig.ALERTS_GROUP_ID)),
                PipelineWatch.Settings.defaults(),
                Duration.ofSeconds(2),
                Metrics.globalRegistry,
                Clock.systemUTC());
        RefusedPosts refused =
            RefusedPosts.create(
                naming.topics().ingestDeadLetters(),
                connections.kafka(),
                Clock.systemUTC(),
                new IngestMetrics(Metrics.globalRegistry))) {
      pipeline.addChecks(health);
      watchdog.addChecks(health);
      AlertDispatcher dispatcher = dispatcher(connections, naming, receiver.getAddress().getPort());
      Thread dispatching = new Thread(dispatcher, "test-dispatcher");
      dispatching.start();
      try {
        // A refused input line, an invalid post and a redelivery, so that the refusal, dead-letter
        // and duplicate meters count something.
        refused
            .refuse(
                "ingest.replay",
                null,
                "{not json".getBytes(StandardCharsets.UTF_8),
                "JsonParseException",
                "unreadable line",
                Map.of())
            .get(30, TimeUnit.SECONDS);
        Instant now = Instant.now();
        try (PostPublisher publisher =
            PostPublisher.create(
                naming.topics().rawPosts(),
                connections.kafka(),
                new IngestMetrics(Metrics.globalRegistry))) {
          publisher.publish(CrisisScenario.post("empty", "someone", "", now)).get();
          publisher
              .publish(
                  CrisisScenario.post("twice", "someone", "said twice", now.minusSeconds(20000)))
              .get();
          publisher
              .publish(
                  CrisisScenario.post("twice", "someone", "said twice", now.minusSeconds(20000)))
              .get();
        }
        CrisisScenario.publish(
            bootstrap, naming.topics(), naming.applicationId(), naming.streamsInputTopics());
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> delivered.get() > 0 && pipeline.indexer().orElseThrow().indexed() > 0);

        int port = metrics.port().orElseThrow();
        HttpClient http = HttpClient.newHttpClient();
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () -> assertThat(get(http, port, "/health/ready").statusCode()).isEqualTo(200));
        String scrape = get(http, port, "/metrics").body();

        Process check =
            new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        check.getOutputStream().write(scrape.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor();
        // promtool fails on lint problems too; Kafka's own client metric names carry some
        // (abbreviated units, _count gauges) that are upstream's to fix. Vigie's must have none,
        // and the text must parse.
        assertThat(verdict).as("promtool check metrics").doesNotContain("error while linting");
        assertThat(verdict.lines().filter(line -> line.startsWith("vigie_")))
            .as("promtool lint problems on Vigie's own metrics")
            .isEmpty();

        Set<String> exposed = new TreeSet<>();
        for (String line : scrape.split("\n")) {
          if (!line.startsWith("#") && !line.isBlank()) {
            exposed.add(line.split("[{ ]", 2)[0]);
          }
        }
        Set<String> queried = dashboardMetrics();
        assertThat(queried).isNotEmpty();
        assertThat(exposed).as("every metric the dashboard queries").containsAll(queried);
      } finally {
        dispatcher.close();
        dispatching.join(30_000);
        receiver.stop(0);
      }
    }
  }

  private static Set<String> dashboardMetrics() throws Exception {
    JsonNode dashboard;
    try (InputStream in =
        MetricsIT.class.getResourceAsStream("/io/vigie/app/grafana/vigie-dashboard.json")) {
      dashboard = new ObjectMapper().readTree(in);
    }
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher m = METRIC.matcher(target.get("expr").asText());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  private static AlertDispatcher dispatcher(
      Connections connections, Pipeline.Naming naming, int port) throws Exception {
    AlertRoutes routes =
        AlertRoutes.parse(
            """
            {"routes": [{"name": "oncall", "language": "en",
                         "channel": {"type": "slack", "url": "http://127.0.0.1:%d/slack"}}]}
            """
                .formatted(port));
    return new AlertDispatcher(
        routes,
        naming.topics().alerts(),
        naming.topics().alertDeliveries(),
        naming.topics().dispatchDeadLetters(),
        connections.kafka(),
        "vigie-alerts",
        new HttpSender(
            HttpClient.newHttpClient(),
            Duration.ofSeconds(5),
            3,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            wait -> Thread.sleep(wait.toMillis())),
        new EmailSender(
            1,
            Duration.ofMillis(100),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            Optional.empty(),
            wait -> Thread.sleep(wait.toMillis())),
        Metrics.globalRegistry,
        Clock.systemUTC());
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
