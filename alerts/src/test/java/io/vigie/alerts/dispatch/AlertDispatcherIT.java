package io.vigie.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.core.health.ConsumerLag;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.Alert;
import io.vigie.schema.AlertDelivery;
import io.vigie.schema.AlertStatus;
import io.vigie.schema.DeliveryOutcome;
import io.vigie.schema.Severity;
import io.vigie.schema.VigieTopics;
import io.vigie.schema.webhook.StandardWebhooks;
import io.vigie.testkit.RealServers;
import io.vigie.testkit.SampleFindings;
import io.vigie.testkit.TestTopics;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dispatcher on the real broker, against local receivers: a Standard Webhooks receiver that
 * verifies signatures and deduplicates on {@code webhook-id}, and fails, times out and answers 429
 * before it accepts; and a Slack-like receiver.
 */
@ExtendWith(RealServers.class)
class AlertDispatcherIT {

  private static final String SECRET = "whsec_dmlnaWUtdGVzdC1zZWNyZXQ=";

  private Map<String, Object> kafka;
  private String runId;
  private VigieTopics topics;
  private HttpServer receiver;
  private final Set<String> accepted = ConcurrentHashMap.newKeySet();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger refusedSignatures = new AtomicInteger();
  private final List<String> slackBodies = new CopyOnWriteArrayList<>();
  private GreenMail smtp;

  @BeforeEach
  void setUp(LocalStack stack) throws Exception {
    kafka = Map.of("bootstrap.servers", stack.bootstrapServers().orElseThrow());
    runId = "al" + UUID.randomUUID().toString().substring(0, 8);
    topics = VigieTopics.withPrefix("vigie." + runId + ".");
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(6, (short) -1, RealServers.TOPIC_RETENTION).ensure(admin, topics);
    }
    StandardWebhooks verifier =
        new StandardWebhooks(List.of(SECRET), Duration.ofMinutes(5), Clock.systemUTC(), 1000);
    AtomicInteger requests = new AtomicInteger();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newCachedThreadPool());
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          var problem =
              verifier.problem(
                  id,
                  exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  exchange.getRequestHeaders().getFirst("webhook-signature"),
                  body);
          int status;
          int n = requests.incrementAndGet();
          if (problem.isPresent() && problem.get().contains("already received")) {
            duplicates.incrementAndGet();
            status = 200; // a deduplicating receiver takes it and drops it
          } else if (problem.isPresent()) {
            refusedSignatures.incrementAndGet();
            status = 401;
          } else if (n == 1 || n == 3) {
            verifier.forget(id);
            status = n == 1 ? 500 : 429;
          } else if (n == 2) {
            verifier.forget(id);
            sleep(Duration.ofSeconds(2)); // longer than the dispatcher waits
            status = 200;
          } else {
            accepted.add(id);
            status = 204;
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    receiver.createContext(
        "/slack",
        exchange -> {
          slackBodies.add(new String(exchange.getRequestBody().readAllBytes()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    receiver.start();
    int smtpPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      smtpPort = socket.getLocalPort();
    }
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
    smtp.stop();
  }

  @Test
  void eachVersionThatPagesReachesEveryRouteOnceThroughFailuresReplaysAndRestarts()
      throws Exception {
    Alert base = SampleFindings.alert();
    List<Alert> versions =
        List.of(
            version(base, 1, AlertStatus.OPEN, Severity.MEDIUM),
            version(base, 2, AlertStatus.OPEN, Severity.MEDIUM),
            version(base, 3, AlertStatus.OPEN, Severity.HIGH),
            version(base, 4, AlertStatus.ACKNOWLEDGED, Severity.HIGH),
            version(base, 5, AlertStatus.RESOLVED, Severity.HIGH));
    AlertRoutes routes = routes();

    publish(versions);
    runUntilCaughtUp(routes, "first");

    String id = base.getId();
    assertThat(accepted).containsExactlyInAnyOrder(id + "_v1", id + "_v3", id + "_v5");
    assertThat(slackBodies).hasSize(3);
    assertThat(slackBodies.get(0)).contains("Nouvel incident").contains("plain_text");
    assertThat(refusedSignatures).hasValue(0);
    // The e-mail route takes HIGH and above: the escalation opens it, the resolution ends it.
    assertThat(smtp.getReceivedMessages())
        .extracting(m -> m.getMessageID())
        .containsExactly("<" + id + "_v3@vigie>", "<" + id + "_v5@vigie>");
    List<ConsumerRecord<String, AlertDelivery>> log =
        TestTopics.readAtLeast(
            kafka.get("bootstrap.servers").toString(),
            topics.alertDeliveries().name(),
            topics.alertDeliveries().valueSerde().deserializer(),
            15,
            Duration.ofSeconds(30));
    assertThat(log)
        .filteredOn(r -> r.value().getRoute().equals("oncall"))
        .extracting(r -> r.value().getVersion() + " " + r.value().getOutcome())
        .containsExactly("1 DELIVERED", "2 NOT_PAGED", "3 DELIVERED", "4 NOT_PAGED", "5 DELIVERED");
    assertThat(log)
        .filteredOn(r -> r.value().getOutcome() == DeliveryOutcome.DELIVERED)
        .filteredOn(r -> r.value().getRoute().equals("oncall") && r.value().getVersion() == 1)
        .extracting(r -> r.value().getAttempts())
        .containsExactly(4); // 500, no answer in time, 429, then accepted

    // Replayed alerts, read by a dispatcher starting afresh (a new consumer group, as after a
    // reset): the delivery log keeps it from sending anything again.
    publish(versions);
    runUntilCaughtUp(routes, "second");

    assertThat(accepted).hasSize(3);
    assertThat(duplicates).hasValue(0);
    assertThat(slackBodies).hasSize(3);
    assertThat(smtp.getReceivedMessages()).hasSize(2);
  }

  @Test
  void rateLimitsHoldAcrossARestartAndUnreadableAlertsAreDeadLetteredWithTheirReason()
      throws Exception {
    AlertRoutes routes =
        AlertRoutes.parse(
            """
            {"routes": [
              {"name": "brand-team", "language": "en", "max_per_hour": 2,
               "channel": {"type": "slack", "url": "http://127.0.0.1:%d/slack"}}
            ]}
            """
                .formatted(receiver.getAddress().getPort()));
    Alert base = SampleFindings.alert();
    List<Alert> incidents = new java.util.ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      incidents.add(
          version(
              Alert.newBuilder(base).setId("inc-rate-" + i).build(),
              1,
              AlertStatus.OPEN,
              Severity.MEDIUM));
    }
    publish(incidents.subList(0, 3));
    var topic = topics.alerts();
    try (var raw =
        new KafkaProducer<>(
            kafka,
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      raw.send(new ProducerRecord<>(topic.name(), "garbage", new byte[] {1, 2, 3})).get();
    }

    runUntilCaughtUp(routes, "first");

    assertThat(slackBodies).hasSize(2);
    var letters =
        TestTopics.readAtLeast(
            kafka.get("bootstrap.servers").toString(),
            topics.dispatchDeadLetters().name(),
            topics.dispatchDeadLetters().valueSerde().deserializer(),
            1,
            Duration.ofSeconds(30));
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).value().getStage()).isEqualTo("dispatch");
    assertThat(letters.get(0).value().getSourceTopic()).isEqualTo(topic.name());
    assertThat(letters.get(0).value().getErrorMessage()).isNotBlank();

    // A restarted dispatcher counts what the log says it sent this hour: no third message.
    publish(incidents.subList(3, 4));
    runUntilCaughtUp(routes, "second");

    assertThat(slackBodies).hasSize(2);
    List<ConsumerRecord<String, AlertDelivery>> log =
        TestTopics.readAtLeast(
            kafka.get("bootstrap.servers").toString(),
            topics.alertDeliveries().name(),
            topics.alertDeliveries().valueSerde().deserializer(),
            4,
            Duration.ofSeconds(30));
    // Incidents spread over partitions reach the dispatcher in any order: any two of the first
    // three.
    assertThat(log)
        .filteredOn(r -> !r.value().getAlertId().equals("inc-rate-4"))
        .extracting(r -> r.value().getOutcome())
        .containsExactlyInAnyOrder(
            DeliveryOutcome.DELIVERED, DeliveryOutcome.DELIVERED, DeliveryOutcome.RATE_LIMITED);
    assertThat(log)
        .filteredOn(r -> r.value().getAlertId().equals("inc-rate-4"))
        .extracting(r -> r.value().getOutcome())
        .containsExactly(DeliveryOutcome.RATE_LIMITED);
  }

  private AlertRoutes routes() throws Exception {
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort();
    return AlertRoutes.parse(
        """
        {"routes": [
          {"name": "oncall", "min_severity": "MEDIUM", "language": "en",
           "channel": {"type": "webhook", "url": "%s/hook", "secret": "%s"}},
          {"name": "brand-team", "watch_rules": ["boston"], "language": "fr",
           "channel": {"type": "slack", "url": "%s/slack"}},
          {"name": "managers", "min_severity": "HIGH", "language": "fr",
           "channel": {"type": "email", "url": "smtp://127.0.0.1:%d", "starttls": false,
                       "from": "vigie@example.org", "to": ["managers@example.org"]}}
        ]}
        """
            .formatted(url, SECRET, url, smtp.getSmtp().getPort()));
  }

  private void runUntilCaughtUp(AlertRoutes routes, String group) throws Exception {
    String groupId = "vigie-alerts-" + runId + "-" + group;
    AlertDispatcher dispatcher =
        new AlertDispatcher(
            routes,
            topics.alerts(),
            topics.alertDeliveries(),
            topics.dispatchDeadLetters(),
            kafka,
            groupId,
            new HttpSender(
                HttpClient.newHttpClient(),
                Duration.ofMillis(700),
                6,
                Duration.ofMillis(100),
                Duration.ofSeconds(5),
                wait -> Thread.sleep(wait.toMillis())),
            new EmailSender(
                3,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(5),
                Optional.empty(),
                wait -> Thread.sleep(wait.toMillis())),
            new SimpleMeterRegistry(),
            Clock.systemUTC());
    Thread thread = new Thread(dispatcher, "test-dispatcher-" + group);
    thread.start();
    try (Admin admin = Admin.create(kafka)) {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                assertThat(dispatcher.ready()).isTrue();
                assertThat(ConsumerLag.of(admin, groupId, List.of(topics.alerts().name())))
                    .isZero();
              });
    } finally {
      dispatcher.close();
      thread.join(30_000);
    }
  }

  private void publish(List<Alert> versions) throws Exception {
    var topic = topics.alerts();
    try (var producer =
        new KafkaProducer<>(
            kafka, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (Alert alert : versions) {
        producer.send(new ProducerRecord<>(topic.name(), alert.getId(), alert)).get();
      }
    }
  }

  private static Alert version(Alert base, int version, AlertStatus status, Severity severity) {
    return Alert.newBuilder(base)
        .setVersion(version)
        .setStatus(status)
        .setSeverity(severity)
        .build();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
