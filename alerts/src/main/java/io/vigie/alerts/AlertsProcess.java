package io.vigie.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigie.alerts.actions.AlertActionsApi;
import io.vigie.alerts.actions.CurrentAlerts;
import io.vigie.alerts.actions.IncidentStates;
import io.vigie.alerts.actions.SilenceLog;
import io.vigie.alerts.dispatch.AlertDispatcher;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.alerts.dispatch.EmailSender;
import io.vigie.alerts.dispatch.HttpSender;
import io.vigie.alerts.dispatch.SilenceBook;
import io.vigie.alerts.watchdog.PipelineWatch;
import io.vigie.alerts.watchdog.RunningWatchdog;
import io.vigie.core.health.Health;
import io.vigie.core.http.ApiTokens;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.schema.AlertAction;
import io.vigie.schema.VigieTopics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The alerts process: the dispatcher sending alerts to their routes, the alert API when tokens are
 * set, and the watchdog when enabled. Closing it stops the API (and what it writes with), then the
 * watchdog, then the dispatcher, and waits for the dispatcher's thread.
 */
public final class AlertsProcess implements AutoCloseable {

  /** How deliveries are sent: each attempt's timeout, how many attempts, the SMTP password. */
  public record Delivery(Duration timeout, int maxAttempts, Optional<String> smtpPassword) {}

  /** Where the alert API listens, and who may use it: none when {@code tokens} is empty. */
  public record Api(String host, int port, ApiTokens tokens) {}

  /** What the watchdog watches: the lag of each consumer group over its topics, every interval. */
  public record Watch(
      Map<String, List<String>> groups, PipelineWatch.Settings settings, Duration interval) {}

  /**
   * A deployment's alerting: its routes, Kafka client properties, Elasticsearch cluster, topics,
   * dispatcher group and index prefix (the API's feeds read the alerts indexed there).
   */
  public record Settings(
      AlertRoutes routes,
      Map<String, Object> kafka,
      ElasticsearchSettings elasticsearch,
      VigieTopics topics,
      String groupId,
      String indexPrefix,
      Delivery delivery,
      Api api,
      Optional<Watch> watchdog) {

    public Settings {
      kafka = Map.copyOf(kafka);
    }
  }

  private final Settings settings;
  private final MeterRegistry registry;
  private final Clock clock;
  private final SilenceBook silences = new SilenceBook();
  private final AlertDispatcher dispatcher;
  private final Thread thread;
  private RunningWatchdog watchdog;
  private AlertActionsApi api;
  private KafkaProducer<String, AlertAction> producer;
  private IncidentStates states;
  private SilenceLog silenceLog;

  /** The process, not started; its meters go to {@code registry}. */
  public AlertsProcess(Settings settings, MeterRegistry registry, Clock clock) {
    this.settings = settings;
    this.registry = registry;
    this.clock = clock;
    this.dispatcher = dispatcher(settings, silences, registry, clock);
    this.thread = new Thread(dispatcher, "vigie-alerts");
  }

  private static AlertDispatcher dispatcher(
      Settings settings, SilenceBook silences, MeterRegistry registry, Clock clock) {
    VigieTopics topics = settings.topics();
    Delivery delivery = settings.delivery();
    return new AlertDispatcher(
        settings.routes(),
        topics.alerts(),
        topics.alertDeliveries(),
        topics.dispatchDeadLetters(),
        Optional.of(topics.silences()),
        silences,
        settings.kafka(),
        settings.groupId(),
        new HttpSender(
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
            delivery.timeout(),
            delivery.maxAttempts(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            wait -> Thread.sleep(wait.toMillis())),
        new EmailSender(
            delivery.maxAttempts(),
            Duration.ofSeconds(1),
            Duration.ofSeconds(30),
            delivery.timeout(),
            delivery.smtpPassword(),
            wait -> Thread.sleep(wait.toMillis())),
        registry,
        clock);
  }

  /**
   * Starts the dispatcher, then the watchdog when enabled, then the alert API when tokens are set.
   */
  public AlertsProcess start() throws IOException {
    thread.start();
    settings
        .watchdog()
        .ifPresent(
            watch ->
                watchdog =
                    RunningWatchdog.start(
                        settings.kafka(),
                        settings.elasticsearch(),
                        settings.topics(),
                        watch.groups(),
                        watch.settings(),
                        watch.interval(),
                        registry,
                        clock));
    if (!settings.api().tokens().isEmpty()) {
      startApi();
    }
    return this;
  }

  private void startApi() throws IOException {
    VigieTopics topics = settings.topics();
    Map<String, Object> props = new HashMap<>(settings.kafka());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producer =
        new KafkaProducer<>(
            props,
            topics.alertActions().keySerde().serializer(),
            topics.alertActions().valueSerde().serializer());
    // What each incident is now, so that actions detection would ignore are refused, not taken.
    states = IncidentStates.follow(settings.kafka(), topics.alerts());
    api =
        AlertActionsApi.start(
            settings.api().host(),
            settings.api().port(),
            settings.api().tokens(),
            topics.alertActions(),
            producer,
            states,
            clock);
    api.serveFeeds(
        new CurrentAlerts(
            ElasticsearchClients.create(settings.elasticsearch()), settings.indexPrefix()),
        settings.routes().routes());
    silenceLog =
        SilenceLog.kafka(
            settings.kafka(),
            settings.groupId() + "-silences",
            topics.silences(),
            topics.alertActions());
    api.serveSilences(silences, silenceLog, settings.routes().routes());
  }

  /**
   * Adds the dispatcher's checks, alive (its thread) and ready (the delivery log read), and the
   * watchdog's when it runs.
   */
  public Health health(Health health) {
    health
        .add(
            Health.Kind.LIVENESS,
            () ->
                new Health.Check(
                    "dispatcher-alive",
                    thread.isAlive(),
                    thread.isAlive() ? "running" : "the dispatcher thread stopped"))
        .add(
            Health.Kind.READINESS,
            () ->
                new Health.Check(
                    "dispatcher-ready",
                    dispatcher.ready(),
                    dispatcher.ready()
                        ? "delivery log read, following the alerts"
                        : "reading the delivery log"));
    if (watchdog != null) {
      watchdog.addChecks(health);
    }
    return health;
  }

  /** The port the alert API listens on, when it runs. */
  public Optional<Integer> apiPort() {
    return Optional.ofNullable(api).map(AlertActionsApi::port);
  }

  /**
   * Stops the alert API and what it writes with, then the watchdog, then the dispatcher, and waits
   * for the dispatcher to finish the alert in hand.
   */
  @Override
  public void close() throws IOException, InterruptedException {
    if (api != null) {
      api.close();
      producer.close();
      states.close();
      silenceLog.close();
    }
    if (watchdog != null) {
      watchdog.close();
    }
    dispatcher.close();
    thread.join(Duration.ofSeconds(30).toMillis());
  }
}
