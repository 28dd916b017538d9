package io.vigie.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.app.silence.AlertApiClient;
import io.vigie.app.silence.AlertApiException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the {@code vigie silence} sub-commands share: the alert API and its answers' exit codes. */
abstract class SilenceApiCommand extends VigieCommand {

  /** Where the API is and who calls it. */
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

  @Mixin Api api;

  /** The answer's JSON on 2xx; otherwise the message is printed and the exit code is thrown. */
  JsonNode call(String method, String path, ObjectNode body) throws InterruptedException {
    if (api.token == null || api.token.isBlank()) {
      throw new Exit(ExitCode.USAGE.code(), "No token: give --token or set VIGIE_API_TOKEN.");
    }
    String base = api.url != null ? api.url : AlertApiClient.defaultUrl(config());
    try {
      return new AlertApiClient(base, api.token).call(method, path, body);
    } catch (AlertApiException e) {
      throw new Exit(exitCode(e.reason()), e.getMessage());
    }
  }

  private static int exitCode(AlertApiException.Cause cause) {
    return switch (cause) {
      case BAD_INPUT -> ExitCode.USAGE.code();
      case REFUSED -> ExitCode.FAILED.code();
      case UNREACHABLE -> ExitCode.UNAVAILABLE.code();
    };
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

  /** An answer that ends the command with a message and an exit code. */
  private static final class Exit extends RuntimeException {
    final int code;

    Exit(int code, String message) {
      super(message, null, false, false);
      this.code = code;
    }
  }
}
