package io.vigie.core.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that cost a network round trip, run on a thread of their own every interval so that health
 * requests and metric scrapes only read the last answers: the lag of consumer groups (committed
 * offsets behind the ends of their topics, read_committed) and whether Elasticsearch answers.
 * Gauges {@code vigie.consumer.lag{group}} and {@code vigie.elasticsearch.reachable}.
 */
public final class BackgroundProbes implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BackgroundProbes.class);

  /** The last answer about Elasticsearch, and when it came. */
  public record Reachability(boolean reachable, String detail, Instant at) {}

  private final Admin admin;
  private final Map<String, List<String>> groups;
  private final Optional<ElasticsearchProbe> elasticsearch;
  private final Clock clock;
  private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();
  private volatile Reachability reachability;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "vigie-probes");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * Probes the lag of each group over its topics with {@code admin}, and Elasticsearch when a probe
   * is given, every {@code interval}; the first round runs at once.
   */
  public BackgroundProbes(
      Admin admin,
      Map<String, List<String>> groups,
      Optional<ElasticsearchProbe> elasticsearch,
      Duration interval,
      MeterRegistry registry,
      Clock clock) {
    this.admin = admin;
    this.groups = Map.copyOf(groups);
    this.elasticsearch = elasticsearch;
    this.clock = clock;
    this.groups
        .keySet()
        .forEach(
            group -> {
              AtomicLong lag = lags.computeIfAbsent(group, g -> new AtomicLong(-1));
              Gauge.builder("vigie.consumer.lag", lag, AtomicLong::get)
                  .description(
                      "Records of its topics the group has not committed yet (-1: unknown)")
                  .tag("group", group)
                  .register(registry);
            });
    elasticsearch.ifPresent(
        probe ->
            Gauge.builder(
                    "vigie.elasticsearch.reachable",
                    this,
                    p -> p.reachability == null ? -1 : p.reachability.reachable() ? 1 : 0)
                .description("1 when Elasticsearch answered the last health probe, 0 when not")
                .register(registry));
    scheduler.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The group's lag at the last probe; empty before the first one, or when it failed. */
  public Optional<Long> lag(String group) {
    AtomicLong lag = lags.get(group);
    return lag == null || lag.get() < 0 ? Optional.empty() : Optional.of(lag.get());
  }

  /** The last answer about Elasticsearch; empty before the first probe or without a probe. */
  public Optional<Reachability> elasticsearch() {
    return Optional.ofNullable(reachability);
  }

  /** Adds readiness on Elasticsearch's last answer, when this probes Elasticsearch. */
  public Health addChecks(Health health) {
    if (elasticsearch.isPresent()) {
      health.add(
          Health.Kind.READINESS,
          () ->
              elasticsearch()
                  .map(r -> new Health.Check("elasticsearch", r.reachable(), r.detail()))
                  .orElse(Health.Check.down("elasticsearch", "not probed yet")));
    }
    return health;
  }

  private void probe() {
    groups.forEach(
        (group, topics) -> {
          try {
            lags.get(group).set(ConsumerLag.of(admin, group, topics));
          } catch (RuntimeException e) {
            lags.get(group).set(-1);
            log.debug("Lag of {} unknown: {}", group, e.toString());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    elasticsearch.ifPresent(
        probe -> {
          try {
            ElasticsearchProbe.Answer answer = probe.ask();
            reachability = new Reachability(answer.reachable(), answer.detail(), clock.instant());
          } catch (Exception e) {
            reachability = new Reachability(false, e.toString(), clock.instant());
          }
        });
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
