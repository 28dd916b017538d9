package io.vigie.alerts.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.vigie.alerts.dispatch.Silence;
import io.vigie.alerts.dispatch.SilenceBook;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.BearerAuth;
import io.vigie.core.http.Exchanges;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.Severity;
import io.vigie.schema.SignalKind;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Silences over HTTP, served beside the alert lifecycle API with the same tokens:
 *
 * <ul>
 *   <li>{@code POST /v1/silences} (responders): a JSON object with at least one matcher ({@code
 *       watch_rule}, {@code subject}, {@code alert_id}, {@code route}, {@code kind}, {@code
 *       severity}: that severity or lower), an optional {@code starts_at}, an {@code ends_at} or a
 *       {@code duration} ({@code 2h}, {@code 90m}, {@code PT2H}) and a {@code comment}; answers 201
 *       with the silence once Kafka has it;
 *   <li>{@code GET /v1/silences[?state=active|pending|expired]} and {@code GET /v1/silences/{id}}
 *       (viewers too): the silences with their state;
 *   <li>{@code DELETE /v1/silences/{id}} (responders), optional body {@code {"comment"}}: ends it
 *       now; 409 when it is already over.
 * </ul>
 *
 * Each creation and removal is written with its audit record ({@code SILENCE} or {@code UNSILENCE}
 * on the alert-actions topic, with the user and the time) through the {@link SilenceLog}, and only
 * then added to this process's {@link SilenceBook}; every dispatcher reads it from the silences
 * topic. Unknown fields are refused: a misspelt matcher would otherwise silence more than meant.
 */
final class SilencesApi implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(SilencesApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ONE = Pattern.compile("/v1/silences/([A-Za-z0-9._:-]{1,200})");
  private static final Set<String> FIELDS =
      Set.of(
          "watch_rule",
          "subject",
          "alert_id",
          "route",
          "kind",
          "severity",
          "starts_at",
          "ends_at",
          "duration",
          "comment");
  private static final String PATHS =
      "unknown path; GET|POST /v1/silences, GET|DELETE /v1/silences/{id}";

  private final ApiTokens tokens;
  private final SilenceBook book;
  private final SilenceLog silenceLog;
  private final List<String> routes;
  private final Clock clock;

  SilencesApi(
      ApiTokens tokens, SilenceBook book, SilenceLog silenceLog, List<String> routes, Clock clock) {
    this.tokens = tokens;
    this.book = book;
    this.silenceLog = silenceLog;
    this.routes = List.copyOf(routes);
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<ApiTokens.Caller> caller =
          tokens.caller(exchange.getRequestHeaders().getFirst("Authorization"), null);
      if (caller.isEmpty()) {
        BearerAuth.challenge(exchange, BearerAuth.VIGIE_REALM);
        Exchanges.jsonText(exchange, 401, Exchanges.error("a valid bearer token is required"));
        return;
      }
      try {
        route(exchange, caller.get());
      } catch (Refused e) {
        Exchanges.jsonText(exchange, e.status, Exchanges.error(e.getMessage()));
      }
    }
  }

  private void route(HttpExchange exchange, ApiTokens.Caller caller) throws IOException, Refused {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod();
    Matcher one = ONE.matcher(path);
    if (path.equals("/v1/silences") || path.equals("/v1/silences/")) {
      switch (method) {
        case "GET" -> list(exchange);
        case "POST" -> create(exchange, responder(caller));
        default -> notAllowed(exchange, "GET, POST");
      }
    } else if (one.matches()) {
      Silence silence =
          book.get(one.group(1)).orElseThrow(() -> new Refused(404, "no silence " + one.group(1)));
      switch (method) {
        case "GET" -> Exchanges.jsonText(exchange, 200, json(silence));
        case "DELETE" -> remove(exchange, responder(caller), silence);
        default -> notAllowed(exchange, "GET, DELETE");
      }
    } else {
      throw new Refused(404, PATHS);
    }
  }

  private static ApiTokens.Caller responder(ApiTokens.Caller caller) throws Refused {
    if (caller.role() != ApiTokens.Role.RESPONDER) {
      throw new Refused(403, "silencing needs the responder role");
    }
    return caller;
  }

  private static void notAllowed(HttpExchange exchange, String allowed) throws Refused {
    exchange.getResponseHeaders().set("Allow", allowed);
    throw new Refused(405, "use " + allowed);
  }

  private void list(HttpExchange exchange) throws IOException, Refused {
    Optional<Silence.State> wanted = Optional.empty();
    String query = exchange.getRequestURI().getQuery();
    if (query != null && !query.isEmpty()) {
      if (!query.startsWith("state=")) {
        throw new Refused(400, "the only parameter is state=active|pending|expired");
      }
      wanted =
          Optional.of(
              parsed(
                  query.substring("state=".length()),
                  "state",
                  s -> Silence.State.valueOf(s.toUpperCase(Locale.ROOT))));
    }
    Instant now = clock.instant();
    ArrayNode silences = JSON.createArrayNode();
    for (Silence silence : book.all()) {
      if (wanted.isEmpty() || silence.state(now) == wanted.get()) {
        silences.add(json(silence));
      }
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("silences", silences);
    Exchanges.jsonText(exchange, 200, body);
  }

  private void create(HttpExchange exchange, ApiTokens.Caller caller) throws IOException, Refused {
    JsonNode body = JsonObjectBody.read(exchange);
    for (var names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new Refused(
            400, "unknown field \"" + name + "\"; fields: " + FIELDS.stream().sorted().toList());
      }
    }
    // Kafka keeps milliseconds: a silence read back must equal the one written.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Optional<String> route = text(body, "route");
    if (route.isPresent() && !routes.contains(route.get())) {
      throw new Refused(400, "no route " + route.get() + "; routes: " + routes);
    }
    Optional<String> start = text(body, "starts_at");
    Instant startsAt = start.isPresent() ? parsed(start.get(), "starts_at", Instant::parse) : now;
    Optional<String> endsAt = text(body, "ends_at");
    Optional<String> duration = text(body, "duration");
    if (endsAt.isPresent() == duration.isPresent()) {
      throw new Refused(400, "give either \"ends_at\" or \"duration\"");
    }
    Instant end;
    try {
      end =
          endsAt.isPresent()
              ? parsed(endsAt.get(), "ends_at", Instant::parse)
              : startsAt.plus(Silence.parseDuration(duration.get()));
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
    end = end.truncatedTo(ChronoUnit.MILLIS);
    startsAt = startsAt.truncatedTo(ChronoUnit.MILLIS);
    if (!end.isAfter(startsAt) || !end.isAfter(now)) {
      throw new Refused(400, "the silence must end after it starts and after now: " + end);
    }
    String comment = text(body, "comment").filter(c -> !c.isBlank()).orElse(null);
    if (comment == null) {
      throw new Refused(400, "a silence needs a \"comment\" saying why");
    }
    Silence silence;
    try {
      silence =
          new Silence(
              UUID.randomUUID().toString(),
              text(body, "watch_rule"),
              text(body, "subject"),
              text(body, "alert_id"),
              route,
              enumField(body, "kind", SignalKind::valueOf, SignalKind.UNKNOWN),
              enumField(body, "severity", Severity::valueOf, Severity.UNKNOWN),
              startsAt,
              end,
              caller.user(),
              now,
              comment,
              Optional.empty());
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
    if (!record(exchange, silence, AlertActionKind.SILENCE, caller, comment, now)) {
      return;
    }
    exchange.getResponseHeaders().set("Location", "/v1/silences/" + silence.id());
    Exchanges.jsonText(exchange, 201, json(silence));
  }

  private void remove(HttpExchange exchange, ApiTokens.Caller caller, Silence silence)
      throws IOException, Refused {
    JsonNode body = JsonObjectBody.read(exchange);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    if (silence.state(now) == Silence.State.EXPIRED) {
      throw new Refused(409, "silence " + silence.id() + " already ended at " + silence.endsAt());
    }
    Silence removed = silence.removed(caller.user(), now);
    if (record(
        exchange,
        removed,
        AlertActionKind.UNSILENCE,
        caller,
        text(body, "comment").orElse(null),
        now)) {
      Exchanges.jsonText(exchange, 200, json(removed));
    }
  }

  /** Writes the change and its audit record; false after answering 503 when Kafka did not. */
  private boolean record(
      HttpExchange exchange,
      Silence silence,
      AlertActionKind kind,
      ApiTokens.Caller caller,
      String comment,
      Instant now)
      throws IOException {
    AlertAction audit =
        AlertAction.newBuilder()
            .setAlertId("silence:" + silence.id())
            .setAction(kind)
            .setActor(caller.user())
            .setComment(comment)
            .setActedAt(now)
            .setSilence(silence.toRecord())
            .build();
    try {
      silenceLog.write(silence, audit);
    } catch (KafkaException e) {
      log.warn("Silence {} not recorded: {}", silence.id(), e.toString());
      Exchanges.jsonText(
          exchange, 503, Exchanges.error("the silence could not be recorded; try again"));
      return false;
    }
    book.put(silence);
    log.info(
        "{} {} by {}: {} from {} until {}",
        kind,
        silence.id(),
        caller.user(),
        silence.matchers(),
        silence.startsAt(),
        silence.endsAt());
    return true;
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static <E extends Enum<E>> Optional<E> enumField(
      JsonNode json, String field, Function<String, E> parse, E unknown) throws Refused {
    Optional<String> value = text(json, field);
    if (value.isEmpty()) {
      return Optional.empty();
    }
    E parsed = parsed(value.get(), field, v -> parse.apply(v.toUpperCase(Locale.ROOT)));
    if (parsed == unknown) {
      throw new Refused(
          400,
          field
              + " \""
              + value.get()
              + "\": one of "
              + Arrays.stream(unknown.getDeclaringClass().getEnumConstants())
                  .filter(e -> e != unknown)
                  .toList());
    }
    return Optional.of(parsed);
  }

  private static <T> T parsed(String text, String field, Function<String, T> parse) throws Refused {
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw new Refused(400, field + ": cannot read \"" + text + "\"");
    }
  }

  static ObjectNode json(Silence silence, Instant now) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", silence.id());
    node.put("state", silence.state(now).name().toLowerCase(Locale.ROOT));
    silence.watchRule().ifPresent(v -> node.put("watch_rule", v));
    silence.subject().ifPresent(v -> node.put("subject", v));
    silence.alertId().ifPresent(v -> node.put("alert_id", v));
    silence.route().ifPresent(v -> node.put("route", v));
    silence.kind().ifPresent(v -> node.put("kind", v.name()));
    silence.severity().ifPresent(v -> node.put("severity", v.name()));
    node.put("starts_at", silence.startsAt().toString());
    node.put("ends_at", silence.endsAt().toString());
    node.put("created_by", silence.createdBy());
    node.put("created_at", silence.createdAt().toString());
    node.put("comment", silence.comment());
    silence.removedBy().ifPresent(v -> node.put("removed_by", v));
    return node;
  }

  private ObjectNode json(Silence silence) {
    return json(silence, clock.instant());
  }
}
