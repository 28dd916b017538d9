package io.vigie.alerts.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The routes and silences of a dispatcher, from a JSON file (see docs/alerts.md):
 *
 * <pre>{@code
 * {"routes": [{"name": "oncall", "min_severity": "MEDIUM", "language": "fr",
 *              "channel": {"type": "webhook", "url": "https://...", "secret": "whsec_..."},
 *              "max_per_hour": 20,
 *              "quiet_hours": {"from": "22:00", "to": "07:00", "zone": "Europe/Paris",
 *                              "unless_severity": "HIGH"}}],
 *  "silences": [{"watch_rule": "acme", "until": "2026-12-01T00:00:00Z", "reason": "campaign"}]}
 * }</pre>
 *
 * A mistake is refused with the route and field it is in, before anything is sent.
 */
public record AlertRoutes(List<AlertRoute> routes, List<Silence> silences) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public AlertRoutes {
    routes = List.copyOf(routes);
    silences = List.copyOf(silences);
    Set<String> names = new HashSet<>();
    for (AlertRoute route : routes) {
      if (!names.add(route.name())) {
        throw new IllegalArgumentException("two routes are named " + route.name());
      }
    }
  }

  public static AlertRoutes read(Path file) throws IOException {
    return parse(Files.readString(file));
  }

  public static AlertRoutes parse(String json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("routes file: expected a JSON object with \"routes\"");
    }
    List<AlertRoute> routes = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.path("routes")) {
      String where = "routes[" + index++ + "]";
      routes.add(route(node, where));
    }
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("routes file: no route in \"routes\"");
    }
    List<Silence> silences = new ArrayList<>();
    index = 0;
    for (JsonNode node : root.path("silences")) {
      String where = "silences[" + index++ + "]";
      if (!node.hasNonNull("watch_rule")
          && !node.hasNonNull("subject")
          && !node.hasNonNull("alert_id")) {
        throw new IllegalArgumentException(
            where + ": a silence names a watch_rule, a subject or an alert_id");
      }
      silences.add(
          new Silence(
              optional(node, "watch_rule"),
              optional(node, "subject"),
              optional(node, "alert_id"),
              parsed(node, "until", where, Instant::parse),
              node.path("reason").asText("")));
    }
    return new AlertRoutes(routes, silences);
  }

  private static AlertRoute route(JsonNode node, String where) {
    String name = required(node, "name", where);
    where = "route " + name;
    JsonNode channel = node.path("channel");
    AlertRoute.ChannelType type =
        parsed(
            channel,
            "type",
            where + " channel",
            t -> AlertRoute.ChannelType.valueOf(t.toUpperCase(Locale.ROOT)));
    Optional<String> secret = optional(channel, "secret");
    if (secret.isPresent() && type != AlertRoute.ChannelType.WEBHOOK) {
      throw new IllegalArgumentException(where + ": only webhook channels are signed");
    }
    Optional<AlertRoute.Email> email = Optional.empty();
    if (type == AlertRoute.ChannelType.EMAIL) {
      List<String> to = new ArrayList<>();
      channel.path("to").forEach(address -> to.add(address.asText()));
      email =
          Optional.of(
              new AlertRoute.Email(
                  required(channel, "from", where + " channel"),
                  to,
                  channel.path("starttls").asBoolean(true),
                  optional(channel, "username")));
    }
    Set<SignalKind> kinds = new LinkedHashSet<>();
    for (JsonNode kind : node.path("kinds")) {
      kinds.add(parsed(kind.asText(), where + " kinds", SignalKind::valueOf));
    }
    Set<String> rules = new LinkedHashSet<>();
    node.path("watch_rules").forEach(rule -> rules.add(rule.asText()));
    Optional<QuietHours> quiet = Optional.empty();
    JsonNode q = node.path("quiet_hours");
    if (!q.isMissingNode()) {
      String at = where + " quiet_hours";
      quiet =
          Optional.of(
              new QuietHours(
                  parsed(q, "from", at, LocalTime::parse),
                  parsed(q, "to", at, LocalTime::parse),
                  parsed(q, "zone", at, ZoneId::of),
                  q.has("unless_severity")
                      ? parsed(q, "unless_severity", at, Severity::valueOf)
                      : Severity.CRITICAL));
    }
    return new AlertRoute(
        name,
        node.has("min_severity")
            ? parsed(node, "min_severity", where, Severity::valueOf)
            : Severity.MEDIUM,
        kinds,
        rules,
        new AlertRoute.Channel(
            type, parsed(channel, "url", where + " channel", URI::create), secret, email),
        node.path("language").asText("en"),
        node.path("max_per_hour").asInt(30),
        quiet);
  }

  private static String required(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" is required");
    }
    return value.asText();
  }

  private static Optional<String> optional(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static <T> T parsed(
      JsonNode node, String field, String where, Function<String, T> parse) {
    return parsed(required(node, field, where), where + " " + field, parse);
  }

  private static <T> T parsed(String text, String where, Function<String, T> parse) {
    try {
      return parse.apply(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(where + ": cannot read \"" + text + "\"", e);
    }
  }
}
