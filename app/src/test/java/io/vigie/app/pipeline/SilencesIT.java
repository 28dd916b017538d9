package io.vigie.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.alerts.actions.AlertActionsApi;
import io.vigie.alerts.actions.IncidentStates;
import io.vigie.alerts.actions.SilenceLog;
import io.vigie.alerts.dispatch.AlertDispatcher;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.alerts.dispatch.EmailSender;
import io.vigie.alerts.dispatch.HttpSender;
import io.vigie.alerts.dispatch.Silence;
import io.vigie.alerts.dispatch.SilenceBook;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.Vigie;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.TestConfig;
import io.vigie.core.http.ApiTokens;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.AlertDelivery;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.DeliveryOutcome;
import io.vigie.schema.Severity;
import io.vigie.schema.TopicReader;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Silences at run time on the real broker: set with {@code vigie silence} through the alert API,
 * read by a dispatcher that has its own view of them (as another {@code vigie alerts} instance
 * would), kept across its restart, audited on alert-actions, and ending when removed or on their
 * own.
 */
@ExtendWith(RealServers.class)
class SilencesIT {

  private static final Pattern CREATED = Pattern.compile("Silence (\\S+) \\(");

  private final VigieConfig config = TestConfig.config();
  @TempDir Path stateDir;
  private Connections connections;
  private Pipeline.Naming naming;
  private HttpServer receiver;
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  private final List<AutoCloseable> running = new ArrayList<>();
  private String api;

  @BeforeEach
  void setUp(LocalStack stack) throws Exception {
    connections = Connections.of(config, Optional.of(stack));
    naming =
        Pipeline.Naming.from(config)
            .isolated("si" + UUID.randomUUID().toString().substring(0, 8), stateDir);
    Pipeline.setup(connections, config, naming, 0);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          received.add(exchange.getRequestHeaders().getFirst("webhook-id"));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    List<AutoCloseable> lastFirst = new ArrayList<>(running);
    java.util.Collections.reverse(lastFirst);
    for (AutoCloseable closeable : lastFirst) {
      closeable.close();
    }
    receiver.stop(0);
  }

  @Test
  void aSilenceSetThroughTheCliMutesMatchingAlertsOnEveryDispatcherUntilRemovedOrOver()
      throws Exception {
    AlertRoutes routes =
        AlertRoutes.parse(
            """
            {"routes": [{"name": "oncall", "min_severity": "LOW", "language": "en",
                         "channel": {"type": "webhook", "url": "http://127.0.0.1:%d/hook"}}]}
            """
                .formatted(receiver.getAddress().getPort()));
    startApi(routes);
    SilenceBook dispatcherView = new SilenceBook();
    Dispatcher first = startDispatcher(routes, dispatcherView, "first");

    // Bad input is refused with the API's message and exit code 2; nothing is silenced.
    Cli refused =
        silence("add", "--watch-rule", "acme", "--duration", "soon", "--comment", "outage");
    assertThat(refused.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(refused.err()).contains("Refused (400)").contains("soon");

    Cli added =
        silence("add", "--watch-rule", "acme", "--duration", "1h", "--comment", "known outage");
    assertThat(added.exit()).as(added.err()).isEqualTo(ExitCode.OK.code());
    assertThat(added.out()).contains("(active)").contains("watch_rule=acme").contains("camille");
    String id = id(added);
    // The dispatcher learns of it from the silences topic, not from the API's memory.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                dispatcherView
                    .get(id)
                    .map(s -> s.silences("oncall", acme("x"), now()))
                    .orElse(false));

    publish(acme("acme-1"), boston("boston-1"));
    await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("boston-1_v1"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> outcome("oncall|acme-1") == DeliveryOutcome.SILENCED);
    assertThat(received).doesNotContain("acme-1_v1");

    // A restarted dispatcher, knowing nothing, reads the silence back before taking alerts.
    first.close();
    SilenceBook restartedView = new SilenceBook();
    startDispatcher(routes, restartedView, "restarted");
    publish(acme("acme-2"));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> outcome("oncall|acme-2") == DeliveryOutcome.SILENCED);
    assertThat(restartedView.get(id)).isPresent();

    Cli removed = silence("remove", id, "--comment", "fixed");
    assertThat(removed.exit()).as(removed.err()).isEqualTo(ExitCode.OK.code());
    assertThat(removed.out()).contains("removed by camille");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                restartedView
                    .get(id)
                    .map(s -> s.state(now()) == Silence.State.EXPIRED)
                    .orElse(false));
    publish(acme("acme-3"));
    await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("acme-3_v1"));
    assertThat(silence("remove", id).exit()).isEqualTo(ExitCode.FAILED.code()); // 409: already over

    // A silence that ends on its own: nobody removes it, and it no longer mutes once over.
    Cli brief = silence("add", "--watch-rule", "brief", "--duration", "3s", "--comment", "deploy");
    String briefId = id(brief);
    await().atMost(Duration.ofSeconds(10)).until(() -> restartedView.get(briefId).isPresent());
    Instant end = restartedView.get(briefId).orElseThrow().endsAt();
    await().atMost(Duration.ofSeconds(30)).until(() -> now().isAfter(end));
    publish(rule("brief-1", "brief"));
    await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("brief-1_v1"));
    Cli listed = silence("list");
    assertThat(listed.exit()).isEqualTo(ExitCode.OK.code());
    assertThat(listed.out())
        .containsPattern(id + "\\s+expired\\s+.*camille \\(removed by camille\\)")
        .containsPattern(briefId + "\\s+expired\\s+.*watch_rule=brief / deploy");
    assertThat(outcome("oncall|brief-1")).isEqualTo(DeliveryOutcome.DELIVERED);

    // The audit trail: who silenced what and why, and who removed it.
    List<AlertAction> audit = new ArrayList<>();
    TopicReader.readToEnd(
        connections.kafka(),
        naming.topics().alertActions(),
        Duration.ofSeconds(30),
        r -> audit.add(r.value()));
    // One silence's records share a key, hence a partition and its order.
    assertThat(audit)
        .extracting(
            a -> a.getAction() + " " + a.getAlertId() + " " + a.getActor() + " " + a.getComment())
        .containsExactlyInAnyOrder(
            "SILENCE silence:" + id + " camille known outage",
            "UNSILENCE silence:" + id + " camille fixed",
            "SILENCE silence:" + briefId + " camille deploy");
    List<AlertAction> ofFirst = audit.stream().filter(a -> a.getAlertId().endsWith(id)).toList();
    assertThat(ofFirst)
        .extracting(AlertAction::getAction)
        .containsExactly(AlertActionKind.SILENCE, AlertActionKind.UNSILENCE);
    assertThat(ofFirst.get(0).getSilence().getWatchRule()).isEqualTo("acme");
    assertThat(ofFirst.get(1).getSilence().getRemovedBy()).isEqualTo("camille");
  }

  private static Instant now() {
    return Instant.now();
  }

  private record Cli(int exit, String out, String err) {}

  private Cli silence(String... args) {
    List<String> all = new ArrayList<>(List.of("silence"));
    all.addAll(List.of(args));
    all.addAll(List.of("--url", api, "--token", "responder-token"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        Vigie.execute(
            all.toArray(String[]::new), Map.of(), new PrintWriter(out), new PrintWriter(err));
    return new Cli(exit, out.toString(), err.toString());
  }

  private static String id(Cli added) {
    Matcher matcher = CREATED.matcher(added.out());
    assertThat(matcher.find()).as(added.out() + added.err()).isTrue();
    return matcher.group(1);
  }

  private void startApi(AlertRoutes routes) throws Exception {
    var actions = naming.topics().alertActions();
    KafkaProducer<String, AlertAction> producer =
        new KafkaProducer<>(
            connections.kafka(),
            actions.keySerde().serializer(),
            actions.valueSerde().serializer());
    running.add(producer);
    SilenceLog log =
        SilenceLog.kafka(
            connections.kafka(),
            naming.indexerGroupId() + "-silences",
            naming.topics().silences(),
            actions);
    running.add(log);
    IncidentStates states = IncidentStates.follow(connections.kafka(), naming.topics().alerts());
    running.add(states);
    AlertActionsApi server =
        AlertActionsApi.start(
                "127.0.0.1",
                0,
                ApiTokens.parse(List.of("responder-token=camille:responder")),
                actions,
                producer,
                states,
                Clock.systemUTC())
            .serveSilences(new SilenceBook(), log, routes.routes());
    running.add(server);
    api = "http://127.0.0.1:" + server.port();
  }

  /** A dispatcher thread, stopped by {@link #close()} or at the end of the test. */
  private record Dispatcher(AlertDispatcher dispatcher, Thread thread) implements AutoCloseable {
    @Override
    public void close() {
      dispatcher.close();
      try {
        thread.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private Dispatcher startDispatcher(AlertRoutes routes, SilenceBook view, String name) {
    AlertDispatcher dispatcher =
        new AlertDispatcher(
            routes,
            naming.topics().alerts(),
            naming.topics().alertDeliveries(),
            naming.topics().dispatchDeadLetters(),
            Optional.of(naming.topics().silences()),
            view,
            connections.kafka(),
            naming.indexerGroupId() + "-alerts",
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
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    Thread thread = new Thread(dispatcher, "test-dispatcher-" + name);
    thread.start();
    Dispatcher started = new Dispatcher(dispatcher, thread);
    running.add(started);
    await().atMost(Duration.ofSeconds(90)).until(dispatcher::ready);
    return started;
  }

  private static Alert acme(String id) {
    return rule(id, "acme");
  }

  private static Alert boston(String id) {
    return rule(id, "boston");
  }

  private static Alert rule(String id, String rule) {
    return Alert.newBuilder(SampleFindings.alert())
        .setId(id)
        .setVersion(1)
        .setStatus(AlertStatus.OPEN)
        .setSeverity(Severity.HIGH)
        .setWatchRuleIds(List.of(rule))
        .setUpdatedAt(Instant.now())
        .build();
  }

  private void publish(Alert... alerts) throws Exception {
    var topic = naming.topics().alerts();
    try (var producer =
        new KafkaProducer<>(
            connections.kafka(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (Alert alert : alerts) {
        producer.send(new ProducerRecord<>(topic.name(), alert.getId(), alert)).get();
      }
    }
  }

  /** The delivery log's latest outcome for {@code key} ({@code route|alert id}), or null. */
  private DeliveryOutcome outcome(String key) {
    Map<String, AlertDelivery> latest = new java.util.HashMap<>();
    TopicReader.readToEnd(
        connections.kafka(),
        naming.topics().alertDeliveries(),
        Duration.ofSeconds(30),
        r -> latest.put(r.key(), r.value()));
    AlertDelivery delivery = latest.get(key);
    return delivery == null ? null : delivery.getOutcome();
  }
}
