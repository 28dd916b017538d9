package io.vigie.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.app.silence.AlertApiClient;
import io.vigie.app.silence.SilenceMatchers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigie silence remove}: ends a silence now. */
@Command(
    name = "remove",
    aliases = "expire",
    mixinStandardHelpOptions = true,
    description = "End a silence now: the alerts it muted are delivered again.")
final class SilenceRemoveCommand extends SilenceApiCommand {
  @Parameters(paramLabel = "ID", description = "The silence (see vigie silence list).")
  String id;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Why (kept in the audit trail).")
  String comment;

  @Override
  int run() throws Exception {
    ObjectNode body = AlertApiClient.newBody();
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
            SilenceMatchers.of(silence));
    return ExitCode.OK.code();
  }
}
