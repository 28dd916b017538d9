package io.vigie.devtools.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vigie.app.Pipeline;
import io.vigie.app.config.VigieConfig;
import io.vigie.devtools.bench.PlantedEpisodes;
import io.vigie.devtools.process.ChildProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;

/**
 * The alert dispatcher killed between sending and committing: a webhook receiver kills the {@code
 * vigie alerts} process with SIGKILL while it holds the request, before answering, so that the
 * dispatcher can neither log the delivery nor commit the alert. The restarted dispatcher must send
 * it again (at least once: no alert lost) with the same {@code webhook-id}, on which the receiver
 * deduplicates (no duplicate reaching a person).
 */
final class DispatchFaults {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request the receiver took. */
  private record Delivery(String webhookId, String alertVersion, long atNanos) {}

  private final FaultSuite suite;

  DispatchFaults(FaultSuite suite) {
    this.suite = suite;
  }

  FaultReport.Row kills(int kills) throws Exception {
    List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    Map<String, Long> killedAt = new ConcurrentHashMap<>();
    AtomicInteger killsLeft = new AtomicInteger(kills);
    HttpServer receiver =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    Path routes = Files.createTempFile("vigie-faults-routes-", ".json");
    Files.writeString(
        routes,
        """
        {"routes": [{"name": "faults", "min_severity": "INFO", "max_per_hour": 100000,
          "channel": {"type": "webhook", "url": "http://127.0.0.1:%d/hook"}}]}
        """
            .formatted(receiver.getAddress().getPort()));
    FaultRun run =
        suite.run("dispatch", Map.of(VigieConfig.ALERTS_GROUP_ID, "vigie-faults-dispatch-alerts"));
    ChildProcess dispatcher =
        new ChildProcess(
            suite.jar(),
            ChildProcess.SMALL_JVM,
            List.of("alerts", "--routes", routes.toString()),
            run.settings,
            run.dir.resolve("dispatcher.log"));
    receiver.createContext(
        "/hook",
        exchange -> {
          Delivery delivery = delivery(exchange);
          deliveries.add(delivery);
          boolean first =
              deliveries.stream().filter(d -> d.webhookId().equals(delivery.webhookId())).count()
                  == 1;
          // Each new message, until the kills are spent: the dispatcher dies holding it, before
          // it hears back. (Planted episodes that share crisis words merge into few incidents,
          // so new messages are rarer than episodes.)
          if (first && killsLeft.getAndDecrement() > 0) {
            try {
              dispatcher.kill();
              killedAt.put(delivery.webhookId(), delivery.atNanos());
              suite.say("  dispatcher killed holding %s", delivery.webhookId());
              dispatcher.start();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    try (Admin admin = Admin.create(run.kafka());
        OutputWatch watch = new OutputWatch(run.kafka(), run.naming);
        Pipeline pipeline =
            Pipeline.start(
                run.connections,
                run.config,
                run.naming,
                Clock.systemUTC(),
                EnumSet.of(Pipeline.Part.STREAMS))) {
      dispatcher.start();
      awaitLogged(dispatcher, "Dispatching alerts to");
      LedgerWriter writer = suite.writer(run);
      long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
      while (killsLeft.get() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      FaultSuite.Finish finish = suite.finish(run, writer, watch, admin, null);
      FaultRun.awaitNoLag(
          admin,
          "vigie-faults-dispatch-alerts",
          List.of(run.naming.topics().alerts().name()),
          FaultSuite.CATCH_UP);

      // Every alert about a planted episode must have reached the receiver at least once.
      Set<String> delivered = new HashSet<>();
      deliveries.forEach(d -> delivered.add(d.alertVersion().split("_v")[0]));
      int alertedEpisodes = 0;
      int undelivered = 0;
      for (Ledger.Episode episode : writer.ledger().episodes()) {
        Set<String> ids = new HashSet<>();
        watch.alerts().stream()
            .filter(a -> PlantedEpisodes.names(a.alert(), episode.tag()))
            .forEach(a -> ids.add(a.alert().getId()));
        if (!ids.isEmpty()) {
          alertedEpisodes++;
          if (ids.stream().noneMatch(delivered::contains)) {
            undelivered++;
          }
        }
      }
      // Raw duplicates are expected (the kills); after deduplication on webhook-id, an alert
      // version must never come under two ids.
      Map<String, Set<String>> idsPerVersion = new HashMap<>();
      deliveries.forEach(
          d ->
              idsPerVersion
                  .computeIfAbsent(d.alertVersion(), v -> new HashSet<>())
                  .add(d.webhookId()));
      long raw =
          deliveries.size() - deliveries.stream().map(Delivery::webhookId).distinct().count();
      long afterDedup = idsPerVersion.values().stream().filter(s -> s.size() > 1).count();
      List<Duration> redelivered = new ArrayList<>();
      killedAt.forEach(
          (id, at) ->
              deliveries.stream()
                  .filter(d -> d.webhookId().equals(id) && d.atNanos() > at)
                  .findFirst()
                  .ifPresent(d -> redelivered.add(Duration.ofNanos(d.atNanos() - at))));
      int injected = kills - Math.max(0, killsLeft.get());
      return new FaultReport.Row(
          "`kill -9` of the alert dispatcher holding a webhook request, before its answer",
          injected,
          finish.outcome(),
          redelivered,
          finish.alertAfterSilenceMs(),
          String.format(
              Locale.ROOT,
              "%d deliveries: %d sent again after a kill (raw duplicates), %d after deduplication"
                  + " on webhook-id; %d of %d alerted episodes undelivered; recovery: until the"
                  + " killed message came again",
              deliveries.size(),
              raw,
              afterDedup,
              undelivered,
              alertedEpisodes),
          // No kill at all (no alert came to hold) has tested nothing: that fails too.
          injected > 0 && undelivered == 0 && afterDedup == 0 && raw >= injected);
    } finally {
      dispatcher.close();
      receiver.stop(0);
      Files.deleteIfExists(routes);
    }
  }

  private static Delivery delivery(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
    JsonNode alert = body.path("data").path("alert");
    return new Delivery(
        String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id")),
        alert.path("id").asText() + "_v" + alert.path("version").asText(),
        System.nanoTime());
  }

  private static void awaitLogged(ChildProcess process, String marker) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!process.logged(marker)) {
      if (!process.alive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("The dispatcher did not start:\n" + process.logTail());
      }
      Thread.sleep(200);
    }
  }
}
