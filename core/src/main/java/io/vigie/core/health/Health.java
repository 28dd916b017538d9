package io.vigie.core.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * What a process says of itself on {@code /health/live} and {@code /health/ready}: named checks,
 * each up or down with a detail.
 *
 * <p>Liveness fails only when the process cannot recover by itself (a stream thread died, the
 * indexer or dispatcher thread stopped): an orchestrator should restart it. Readiness fails while
 * the process cannot do its job now (Streams not running yet, Elasticsearch unreachable, the
 * delivery log not read yet): an orchestrator should wait, and people should look, but a restart
 * would not help. A ready report includes the liveness checks.
 */
public final class Health {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Which question a check answers. */
  public enum Kind {
    LIVENESS,
    READINESS
  }

  /** One check's answer. */
  public record Check(String name, boolean up, String detail) {
    public static Check up(String name, String detail) {
      return new Check(name, true, detail);
    }

    public static Check down(String name, String detail) {
      return new Check(name, false, detail);
    }
  }

  /** The answers of a set of checks: up when every one is. */
  public record Report(boolean up, List<Check> checks) {
    public String toJson() {
      ObjectNode root = JSON.createObjectNode();
      root.put("status", up ? "UP" : "DOWN");
      ArrayNode list = root.putArray("checks");
      for (Check check : checks) {
        list.addObject()
            .put("name", check.name())
            .put("status", check.up() ? "UP" : "DOWN")
            .put("detail", check.detail());
      }
      return root.toString();
    }
  }

  private record Probe(Kind kind, Supplier<Check> check) {}

  private final List<Probe> probes = new CopyOnWriteArrayList<>();

  /** Adds a check; it is asked on every request, so it must be cheap (cache what is not). */
  public Health add(Kind kind, Supplier<Check> check) {
    probes.add(new Probe(kind, check));
    return this;
  }

  /** Whether the process is alive: its liveness checks. */
  public Report live() {
    return report(false);
  }

  /** Whether the process is ready: every check. */
  public Report ready() {
    return report(true);
  }

  private Report report(boolean readiness) {
    List<Check> checks = new ArrayList<>();
    for (Probe probe : probes) {
      if (readiness || probe.kind() == Kind.LIVENESS) {
        Check check;
        try {
          check = probe.check().get();
        } catch (RuntimeException e) {
          check = Check.down("check", "the check itself failed: " + e);
        }
        checks.add(check);
      }
    }
    return new Report(checks.stream().allMatch(Check::up), List.copyOf(checks));
  }
}
