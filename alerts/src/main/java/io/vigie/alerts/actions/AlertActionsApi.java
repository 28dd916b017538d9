package io.vigie.alerts.actions;

import static io.vigie.core.http.Exchanges.error;
import static io.vigie.core.http.Exchanges.jsonText;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.vigie.alerts.dispatch.AlertRoute;
import io.vigie.alerts.dispatch.SilenceBook;
import io.vigie.core.http.ApiTokens;
import io.vigie.core.http.BearerAuth;
import io.vigie.core.http.Exchanges;
import io.vigie.core.http.HttpEndpoint;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import io.vigie.schema.SignalKind;
import io.vigie.schema.Topic;
import io.vigie.streams.detect.IncidentAssembler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert lifecycle over HTTP: {@code POST /v1/alerts/{id}/acknowledge|assign|resolve|
 * false-positive|reopen} with a bearer token of a responder, an optional JSON body ({@code
 * comment}; {@code assignee} for assign). Each action becomes an {@link AlertAction} on the
 * alert-actions topic, with the authenticated user and the time: the detection topology folds it
 * into the alert's next version, and the topic is the audit trail (also indexed). Answers 202 once
 * Kafka has the action; 401 without a known token, 403 for a viewer, 400 for a bad body, 404 for an
 * unknown path or an alert no version of which was read ({@link IncidentStates}), 405 for another
 * method, 409 for an action detection would ignore (an incident resolved or marked a false
 * positive, unless the action reopens it within {@link IncidentAssembler#REOPEN_WINDOW}; an
 * operational alert, which ends with its problem), 413 for a body over 16 KiB, 503 while the alerts
 * are still being read or when Kafka does not take the action. The state is the latest the API has
 * read from the alerts topic, under a second behind it.
 */
public final class AlertActionsApi implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AlertActionsApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile("/v1/alerts/([A-Za-z0-9._:-]{1,200})/([a-z-]+)");
  private static final Pattern SCOPED_FEED =
      Pattern.compile("/v1/feeds/(rules|routes)/([A-Za-z0-9._-]{1,100})\\.atom");
  private static final String FEEDS =
      "feeds: /v1/feeds/alerts.atom, /v1/feeds/rules/{rule}.atom, /v1/feeds/routes/{route}.atom";
  private static final Map<String, AlertActionKind> ACTIONS =
      Map.of(
          "acknowledge", AlertActionKind.ACKNOWLEDGE,
          "assign", AlertActionKind.ASSIGN,
          "resolve", AlertActionKind.RESOLVE,
          "false-positive", AlertActionKind.FALSE_POSITIVE,
          "reopen", AlertActionKind.REOPEN);

  private final HttpEndpoint server;
  private final ApiTokens tokens;
  private final Topic<String, AlertAction> actions;
  private final Producer<String, AlertAction> producer;
  private final IncidentStates states;
  private final Clock clock;

  private AlertActionsApi(
      HttpEndpoint server,
      ApiTokens tokens,
      Topic<String, AlertAction> actions,
      Producer<String, AlertAction> producer,
      IncidentStates states,
      Clock clock) {
    this.server = server;
    this.tokens = tokens;
    this.actions = actions;
    this.producer = producer;
    this.states = states;
    this.clock = clock;
  }

  /**
   * Serves the API on {@code host:port} (0: a free port). Without tokens nobody could act: refused.
   */
  public static AlertActionsApi start(
      String host,
      int port,
      ApiTokens tokens,
      Topic<String, AlertAction> actions,
      Producer<String, AlertAction> producer,
      IncidentStates states,
      Clock clock)
      throws IOException {
    if (tokens.isEmpty()) {
      throw new IllegalArgumentException("the alert API needs at least one token (api.tokens)");
    }
    HttpEndpoint server =
        HttpEndpoint.bind(new InetSocketAddress(host, port), 64, Executors.newFixedThreadPool(4));
    AlertActionsApi api = new AlertActionsApi(server, tokens, actions, producer, states, clock);
    server.serve("/v1/alerts/", api::handle);
    server.start();
    log.info("Alert API listening on http://{}:{}/v1/alerts/", host, api.port());
    return api;
  }

  /**
   * Also serves Atom feeds of the current alerts, for viewers and responders: {@code
   * /v1/feeds/alerts.atom}, {@code /v1/feeds/rules/{rule}.atom}, and {@code
   * /v1/feeds/routes/{route}.atom} with what each of the routes covers from its severity up (what
   * it pages, quiet hours and rate limits aside). Feed readers rarely send headers, so the token
   * may also come as {@code ?token=}.
   */
  public AlertActionsApi serveFeeds(CurrentAlerts alerts, List<AlertRoute> routes) {
    Map<String, AlertRoute> byName = new HashMap<>();
    routes.forEach(route -> byName.put(route.name(), route));
    server.serve("/v1/feeds/", exchange -> feed(exchange, alerts, Map.copyOf(byName)));
    return this;
  }

  private void feed(HttpExchange exchange, CurrentAlerts alerts, Map<String, AlertRoute> routes)
      throws IOException {
    try (exchange) {
      Optional<ApiTokens.Caller> caller =
          tokens.caller(
              exchange.getRequestHeaders().getFirst("Authorization"),
              exchange.getRequestURI().getRawQuery());
      if (caller.isEmpty()) {
        BearerAuth.challenge(exchange, BearerAuth.VIGIE_REALM);
        jsonText(exchange, 401, error("a valid token is required (header or ?token=)"));
        return;
      }
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.getResponseHeaders().set("Allow", "GET");
        jsonText(exchange, 405, error("use GET"));
        return;
      }
      String path = exchange.getRequestURI().getPath();
      Matcher scoped = SCOPED_FEED.matcher(path);
      String id;
      String title;
      CurrentAlerts.Scope scope;
      if (path.equals("/v1/feeds/alerts.atom")) {
        id = "urn:vigie:feed:alerts";
        title = "Vigie alerts";
        scope = CurrentAlerts.Scope.all();
      } else if (scoped.matches() && scoped.group(1).equals("rules")) {
        id = "urn:vigie:feed:rule:" + scoped.group(2);
        title = "Vigie alerts: " + scoped.group(2);
        scope = CurrentAlerts.Scope.watchRule(scoped.group(2));
      } else if (scoped.matches() && routes.containsKey(scoped.group(2))) {
        id = "urn:vigie:feed:route:" + scoped.group(2);
        title = "Vigie alerts for route " + scoped.group(2);
        scope = CurrentAlerts.Scope.route(routes.get(scoped.group(2)));
      } else if (scoped.matches()) {
        jsonText(
            exchange, 404, error("no route " + scoped.group(2) + "; routes: " + routes.keySet()));
        return;
      } else {
        jsonText(exchange, 404, error(FEEDS));
        return;
      }
      String xml;
      try {
        xml = AtomFeed.render(id, title, alerts.current(scope, clock.instant()), clock.instant());
      } catch (IOException | RuntimeException e) {
        log.warn("Alert feed unavailable: {}", e.toString());
        jsonText(exchange, 503, error("alerts cannot be read from Elasticsearch now"));
        return;
      }
      Exchanges.respond(
          exchange,
          200,
          "application/atom+xml; charset=utf-8",
          xml.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Also serves silences (see {@link SilencesApi}): created and removed by responders, listed by
   * viewers too, kept in {@code log} and known to this process through {@code book}.
   */
  public AlertActionsApi serveSilences(SilenceBook book, SilenceLog log, List<AlertRoute> routes) {
    server.serve(
        "/v1/silences",
        new SilencesApi(tokens, book, log, routes.stream().map(AlertRoute::name).toList(), clock));
    return this;
  }

  public int port() {
    return server.port();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Optional<ApiTokens.Caller> caller = authenticate(exchange);
      if (caller.isEmpty()) {
        BearerAuth.challenge(exchange, BearerAuth.VIGIE_REALM);
        jsonText(exchange, 401, error("a valid bearer token is required"));
        return;
      }
      Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
      if (!path.matches() || !ACTIONS.containsKey(path.group(2))) {
        jsonText(
            exchange,
            404,
            error("unknown path; POST /v1/alerts/{id}/" + String.join("|", ACTIONS.keySet())));
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        jsonText(exchange, 405, error("use POST"));
        return;
      }
      if (caller.get().role() != ApiTokens.Role.RESPONDER) {
        jsonText(exchange, 403, error("acting on alerts needs the responder role"));
        return;
      }
      JsonNode json;
      try {
        json = JsonObjectBody.read(exchange);
      } catch (Refused e) {
        jsonText(exchange, e.status, error(e.getMessage()));
        return;
      }
      AlertActionKind kind = ACTIONS.get(path.group(2));
      String assignee = text(json, "assignee");
      if (kind == AlertActionKind.ASSIGN && (assignee == null || assignee.isBlank())) {
        jsonText(exchange, 400, error("assign needs an \"assignee\""));
        return;
      }
      if (refused(exchange, path.group(1), kind)) {
        return;
      }
      AlertAction action =
          AlertAction.newBuilder()
              .setAlertId(path.group(1))
              .setAction(kind)
              .setActor(caller.get().user())
              .setAssignee(kind == AlertActionKind.ASSIGN ? assignee : null)
              .setComment(text(json, "comment"))
              .setActedAt(clock.instant())
              .build();
      try {
        producer
            .send(new ProducerRecord<>(actions.name(), action.getAlertId(), action))
            .get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("Alert action not recorded: {}", e.toString());
        jsonText(exchange, 503, error("the action could not be recorded; try again"));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        jsonText(exchange, 503, error("stopping"));
        return;
      }
      ObjectNode accepted = JSON.createObjectNode();
      accepted.put("alert_id", action.getAlertId());
      accepted.put("action", kind.name());
      accepted.put("actor", action.getActor());
      accepted.put("acted_at", action.getActedAt().toString());
      jsonText(exchange, 202, accepted);
    }
  }

  /**
   * Answers, saying why, when detection would ignore the action, so that 202 means it counts;
   * whether it answered.
   */
  private boolean refused(HttpExchange exchange, String id, AlertActionKind kind)
      throws IOException {
    if (!states.ready()) {
      exchange.getResponseHeaders().set("Retry-After", "5");
      return refuse(exchange, 503, "the alerts are still being read; try again in a few seconds");
    }
    Optional<IncidentStates.State> state = states.get(id);
    if (state.isEmpty()) {
      return refuse(exchange, 404, "no alert " + id);
    }
    IncidentStates.State known = state.get();
    if (known.kind() == SignalKind.OPERATIONAL) {
      return refuse(
          exchange,
          409,
          id + " is an operational alert: it ends when its problem does, not by an action");
    }
    if (known.ended() && kind != AlertActionKind.REOPEN) {
      return refuse(
          exchange,
          409,
          id
              + " is "
              + known.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + "; reopen it first");
    }
    if (known.ended()
        && known.updatedAt().plus(IncidentAssembler.REOPEN_WINDOW).isBefore(clock.instant())) {
      return refuse(
          exchange,
          409,
          id
              + " ended more than "
              + IncidentAssembler.REOPEN_WINDOW.toDays()
              + " days ago and can no longer be reopened");
    }
    return false;
  }

  private static boolean refuse(HttpExchange exchange, int status, String why) throws IOException {
    jsonText(exchange, status, error(why));
    return true;
  }

  private Optional<ApiTokens.Caller> authenticate(HttpExchange exchange) {
    return tokens.caller(exchange.getRequestHeaders().getFirst("Authorization"), null);
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  @Override
  public void close() {
    server.stop(1);
  }
}
