package io.vigie.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigie.app.silence.SilenceMatchers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigie silence list}: the silences and their state. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "List the silences with their state (pending, active, expired).")
final class SilenceListCommand extends SilenceApiCommand {
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
              SilenceMatchers.of(silence) + " / " + silence.path("comment").asText());
    }
    return ExitCode.OK.code();
  }
}
