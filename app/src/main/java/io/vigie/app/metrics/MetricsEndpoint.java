package io.vigie.app.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigie.core.health.Health;
import io.vigie.core.http.Exchanges;
import io.vigie.core.http.HttpEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One process's metrics: a Prometheus registry joined to Micrometer's global registry (where
 * Vigie's components put their meters), every meter tagged with the process's role, JVM meters
 * bound, and, when a port is given, {@code GET /metrics} (Prometheus text format) and {@code GET
 * /health} served on it. Closing it stops the server and leaves the global registry as it was.
 */
public final class MetricsEndpoint implements AutoCloseable {

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final Optional<HttpEndpoint> server;

  private MetricsEndpoint(PrometheusMeterRegistry registry, Optional<HttpEndpoint> server) {
    this.registry = registry;
    this.server = server;
  }

  /**
   * Starts the metrics of a process playing {@code role} (e.g. {@code ingest-feeds}); {@code port}
   * -1 serves nothing, 0 picks a free port. Its health is always up.
   */
  public static MetricsEndpoint start(String role, String host, int port) throws IOException {
    return start(role, host, port, new Health());
  }

  /**
   * Starts the metrics of a process playing {@code role}, and serves {@code health}: {@code
   * /health/live} (liveness checks), {@code /health/ready} and {@code /health} (every check), 200
   * when up and 503 when not, with the checks as JSON.
   */
  public static MetricsEndpoint start(String role, String host, int port, Health health)
      throws IOException {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("process", role);
    Optional<HttpEndpoint> server = Optional.empty();
    if (port >= 0) {
      // Quick answers to a scraper and probes: on the server's own thread.
      HttpEndpoint http = HttpEndpoint.bind(new InetSocketAddress(host, port), 16);
      http.serve(
          "/metrics",
          exchange ->
              respond(
                  exchange,
                  200,
                  "text/plain; version=0.0.4; charset=utf-8",
                  registry.scrape().getBytes(StandardCharsets.UTF_8)));
      http.serve("/health", exchange -> health(exchange, health.ready()));
      http.serve("/health/ready", exchange -> health(exchange, health.ready()));
      http.serve("/health/live", exchange -> health(exchange, health.live()));
      http.start();
      server = Optional.of(http);
    }
    MetricsEndpoint endpoint = new MetricsEndpoint(registry, server);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    endpoint.gc.bindTo(registry);
    Metrics.addRegistry(registry);
    return endpoint;
  }

  private static void health(HttpExchange exchange, Health.Report report) throws IOException {
    respond(
        exchange,
        report.up() ? 200 : 503,
        "application/json",
        report.toJson().getBytes(StandardCharsets.UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      Exchanges.respond(exchange, status, type, body);
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The port {@code /metrics} is served on, if any. */
  public Optional<Integer> port() {
    return server.map(HttpEndpoint::port);
  }

  @Override
  public void close() {
    server.ifPresent(s -> s.stop(0));
    Metrics.removeRegistry(registry);
    gc.close();
    registry.close();
  }
}
