package io.vigie.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.ops.config.VigieConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code vigie silence add|list|remove}: silences at run time, through the alert API that {@code
 * vigie alerts} serves (so any instance takes them and every instance applies them). Exit codes: 0
 * done; 2 refused as bad input (the API's 400, with its message); 1 refused otherwise (401, 403,
 * 404, 409); 4 the API could not be reached or could not record the change.
 */
@Command(
    name = "silence",
    mixinStandardHelpOptions = true,
    subcommands = {
      SilenceCommand.Add.class,
      SilenceCommand.Listing.class,
      SilenceCommand.Remove.class
    },
    description = {
      "Silence alerts at run time through the alert API of vigie alerts (see docs/alerts.md): add, list, remove.",
      "The bearer token comes from --token or VIGIE_API_TOKEN."
    })
public final class SilenceCommand {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the API is and who calls it, shared by the sub-commands. */
  static final class Api {
    @Option(
        names = "--url",
        paramLabel = "URL",
        description = "The alert API (default: http://<api.host>:<api.port>).")
    String url;

    @Option(
        names = "--token",
        paramLabel = "TOKEN",
        defaultValue = "${env:VIGIE_API_TOKEN}",
        description = "A bearer token of api.tokens (default: $VIGIE_API_TOKEN).")
    String token;
  }

  /** What a sub-command shares: the call to the API and the mapping of its answers. */
  abstract static class Call extends VigieCommand {
    @Mixin Api api;

    /** The answer's JSON on 2xx; otherwise the message is printed and the exit code is thrown. */
    JsonNode call(String method, String path, ObjectNode body) throws InterruptedException {
      if (api.token == null || api.token.isBlank()) {
        throw new Exit(ExitCode.USAGE.code(), "No token: give --token or set VIGIE_API_TOKEN.");
      }
      String base = api.url != null ? api.url : defaultUrl(config());
      URI uri = URI.create(base.replaceAll("/+$", "") + path);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(60))
              .header("Authorization", "Bearer " + api.token)
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body.toString()))
              .build();
      HttpResponse<String> response;
      try {
        response =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new Exit(
            ExitCode.UNAVAILABLE.code(),
            "Cannot reach the alert API at " + base + ": " + e.getMessage());
      }
      JsonNode answer;
      try {
        answer = JSON.readTree(response.body());
      } catch (IOException e) {
        answer = JSON.createObjectNode().put("error", response.body());
      }
      int status = response.statusCode();
      if (status / 100 == 2) {
        return answer;
      }
      String message = answer.path("error").asText(response.body());
      int exit =
          status == 400
              ? ExitCode.USAGE.code()
              : status >= 500 ? ExitCode.UNAVAILABLE.code() : ExitCode.FAILED.code();
      throw new Exit(exit, "Refused (" + status + "): " + message);
    }

    @Override
    public Integer call() throws Exception {
      try {
        return run();
      } catch (Exit e) {
        err().println(e.getMessage());
        return e.code;
      }
    }

    abstract int run() throws Exception;
  }

  /** An answer that ends the command with a message and an exit code. */
  private static final class Exit extends RuntimeException {
    final int code;

    Exit(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }

  static String defaultUrl(VigieConfig config) {
    String host = config.string(VigieConfig.API_HOST);
    // A server bound to every address is reached on this machine through loopback.
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + config.integer(VigieConfig.API_PORT);
  }

  /** The silence's matchers in one line, as the API names them. */
  static String matchers(JsonNode silence) {
    List<String> parts = new ArrayList<>();
    for (String field : List.of("watch_rule", "subject", "alert_id", "route", "kind")) {
      if (silence.hasNonNull(field)) {
        parts.add(field + "=" + silence.get(field).asText());
      }
    }
    if (silence.hasNonNull("severity")) {
      parts.add("severity<=" + silence.get("severity").asText());
    }
    return String.join(" ", parts);
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = {
        "Silence the alerts matching every matcher given (at least one), from now or --starts, for --duration or until --until.",
        "Matching versions are logged SILENCED in the delivery log instead of being sent."
      })
  static final class Add extends Call {
    @Option(names = "--watch-rule", paramLabel = "RULE", description = "Alerts about this rule.")
    String watchRule;

    @Option(names = "--subject", paramLabel = "KEY", description = "Alerts about this subject.")
    String subject;

    @Option(names = "--alert-id", paramLabel = "ID", description = "This incident.")
    String alertId;

    @Option(names = "--route", paramLabel = "ROUTE", description = "Deliveries to this route only.")
    String route;

    @Option(names = "--kind", paramLabel = "KIND", description = "Alerts of this kind (SPIKE...).")
    String kind;

    @Option(
        names = "--severity",
        paramLabel = "SEVERITY",
        description = "Alerts of this severity or lower (INFO, LOW, MEDIUM, HIGH, CRITICAL).")
    String severity;

    @Option(
        names = "--starts",
        paramLabel = "INSTANT",
        description = "When it starts muting, ISO-8601 (default: now).")
    String startsAt;

    @Option(
        names = "--duration",
        paramLabel = "DURATION",
        description = "How long: 90m, 2h, 1d, or ISO-8601 (PT2H).")
    String duration;

    @Option(
        names = "--until",
        paramLabel = "INSTANT",
        description = "When it ends, ISO-8601 (2026-12-01T08:00:00Z).")
    String until;

    @Option(
        names = "--comment",
        required = true,
        paramLabel = "TEXT",
        description = "Why (kept in the audit trail).")
    String comment;

    @Override
    int run() throws Exception {
      ObjectNode body = JSON.createObjectNode();
      putIfSet(body, "watch_rule", watchRule);
      putIfSet(body, "subject", subject);
      putIfSet(body, "alert_id", alertId);
      putIfSet(body, "route", route);
      putIfSet(body, "kind", kind);
      putIfSet(body, "severity", severity);
      putIfSet(body, "starts_at", startsAt);
      putIfSet(body, "duration", duration);
      putIfSet(body, "ends_at", until);
      body.put("comment", comment);
      JsonNode silence = call("POST", "/v1/silences", body);
      out()
          .printf(
              "Silence %s (%s) from %s until %s: %s%n  by %s: %s%n",
              silence.path("id").asText(),
              silence.path("state").asText(),
              silence.path("starts_at").asText(),
              silence.path("ends_at").asText(),
              matchers(silence),
              silence.path("created_by").asText(),
              silence.path("comment").asText());
      return ExitCode.OK.code();
    }

    private static void putIfSet(ObjectNode body, String field, String value) {
      if (value != null) {
        body.put(field, value);
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the silences with their state (pending, active, expired).")
  static final class Listing extends Call {
    @Option(
        names = "--state",
        paramLabel = "STATE",
        description = "Only those in this state: active, pending or expired.")
    String state;

    @Override
    int run() throws Exception {
      String query =
          state == null ? "" : "?state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
      JsonNode silences = call("GET", "/v1/silences" + query, null).path("silences");
      if (silences.isEmpty()) {
        out().println("No silences.");
        return ExitCode.OK.code();
      }
      String row = "%-36s  %-7s  %-24s  %-24s  %-12s  %s%n";
      out().printf(row, "ID", "STATE", "STARTS", "ENDS", "BY", "MATCHERS / COMMENT");
      for (JsonNode silence : silences) {
        String by = silence.path("created_by").asText();
        if (silence.hasNonNull("removed_by")) {
          by += " (removed by " + silence.get("removed_by").asText() + ")";
        }
        out()
            .printf(
                row,
                silence.path("id").asText(),
                silence.path("state").asText(),
                silence.path("starts_at").asText(),
                silence.path("ends_at").asText(),
                by,
                matchers(silence) + " / " + silence.path("comment").asText());
      }
      return ExitCode.OK.code();
    }
  }

  @Command(
      name = "remove",
      aliases = "expire",
      mixinStandardHelpOptions = true,
      description = "End a silence now: the alerts it muted are delivered again.")
  static final class Remove extends Call {
    @Parameters(paramLabel = "ID", description = "The silence (see vigie silence list).")
    String id;

    @Option(
        names = "--comment",
        paramLabel = "TEXT",
        description = "Why (kept in the audit trail).")
    String comment;

    @Override
    int run() throws Exception {
      ObjectNode body = JSON.createObjectNode();
      if (comment != null) {
        body.put("comment", comment);
      }
      JsonNode silence =
          call("DELETE", "/v1/silences/" + URLEncoder.encode(id, StandardCharsets.UTF_8), body);
      out()
          .printf(
              "Silence %s removed by %s; it ended at %s: %s%n",
              silence.path("id").asText(),
              silence.path("removed_by").asText(),
              silence.path("ends_at").asText(),
              matchers(silence));
      return ExitCode.OK.code();
    }
  }
}
