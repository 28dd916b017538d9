package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vigie.app.Vigie;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code vigie silence} against a stand-in API answering what the real one may answer: the exit
 * codes and messages people and scripts rely on. The real API is in {@code SilencesIT}.
 */
class SilenceCommandTest {

  private HttpServer api;
  private final AtomicReference<String> request = new AtomicReference<>();
  private final AtomicReference<String> body = new AtomicReference<>();
  private volatile int status = 200;
  private volatile String answer = "{}";

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void start() throws Exception {
    api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.createContext(
        "/",
        exchange -> {
          request.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    api.start();
  }

  @AfterEach
  void stop() {
    api.stop(0);
  }

  private Run vigie(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(
        List.of("--url", "http://127.0.0.1:" + api.getAddress().getPort(), "--token", "t0k"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    // VIGIE_API_TOKEN is the command's, not a configuration key: the configuration accepts it.
    int exit =
        Vigie.execute(
            all.toArray(String[]::new),
            Map.of("VIGIE_API_TOKEN", "t0k"),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void addSendsTheMatchersAndPrintsTheSilence() {
    status = 201;
    answer =
        """
        {"id": "s-1", "state": "active", "watch_rule": "acme", "route": "oncall", "severity": "LOW",
         "starts_at": "2026-12-06T21:40:00Z", "ends_at": "2026-12-06T23:40:00Z",
         "created_by": "camille", "comment": "known outage"}
        """;

    Run run =
        vigie(
            "silence",
            "add",
            "--watch-rule",
            "acme",
            "--route",
            "oncall",
            "--severity",
            "LOW",
            "--duration",
            "2h",
            "--comment",
            "known outage");

    assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.OK.code());
    assertThat(request.get()).isEqualTo("POST /v1/silences Bearer t0k");
    assertThat(body.get())
        .contains("\"watch_rule\":\"acme\"", "\"route\":\"oncall\"", "\"duration\":\"2h\"")
        .doesNotContain("alert_id");
    assertThat(run.out())
        .contains("Silence s-1 (active) from 2026-12-06T21:40:00Z until 2026-12-06T23:40:00Z")
        .contains("watch_rule=acme route=oncall severity<=LOW")
        .contains("by camille: known outage");
  }

  @Test
  void theApisRefusalsBecomeExitCodesWithItsMessage() {
    status = 400;
    answer = "{\"error\": \"duration \\\"soon\\\": expected 90m, 2h\"}";
    Run bad = vigie("silence", "add", "--kind", "SPIKE", "--duration", "soon", "--comment", "x");
    status = 409;
    answer = "{\"error\": \"silence s-1 already ended at 2026-12-06T21:00:00Z\"}";
    Run over = vigie("silence", "remove", "s-1");
    String removal = request.get();
    status = 403;
    answer = "{\"error\": \"silencing needs the responder role\"}";
    Run viewer = vigie("silence", "remove", "s-1");
    status = 503;
    answer = "{\"error\": \"the silence could not be recorded; try again\"}";
    Run away = vigie("silence", "add", "--kind", "SPIKE", "--duration", "1h", "--comment", "x");

    assertThat(bad.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(bad.err()).contains("Refused (400): duration \"soon\"");
    assertThat(over.exit()).isEqualTo(ExitCode.FAILED.code());
    assertThat(over.err()).contains("Refused (409): silence s-1 already ended");
    assertThat(removal).startsWith("DELETE /v1/silences/s-1 ");
    assertThat(viewer.exit()).isEqualTo(ExitCode.FAILED.code());
    assertThat(away.exit()).isEqualTo(ExitCode.UNAVAILABLE.code());
  }

  @Test
  void listShowsEachSilenceWithItsStateAndWhoRemovedIt() {
    answer =
        """
        {"silences": [
          {"id": "s-2", "state": "pending", "kind": "SPIKE", "starts_at": "2026-12-07T06:00:00Z",
           "ends_at": "2026-12-07T08:00:00Z", "created_by": "ana", "comment": "migration"},
          {"id": "s-1", "state": "expired", "watch_rule": "acme", "starts_at": "2026-12-06T21:40:00Z",
           "ends_at": "2026-12-06T22:00:00Z", "created_by": "camille", "comment": "known outage",
           "removed_by": "leo"}]}
        """;

    Run run = vigie("silence", "list", "--state", "expired");

    assertThat(run.exit()).isEqualTo(ExitCode.OK.code());
    assertThat(request.get()).startsWith("GET /v1/silences?state=expired ");
    assertThat(run.out())
        .containsPattern(
            "s-2\\s+pending\\s+2026-12-07T06:00:00Z\\s+2026-12-07T08:00:00Z\\s+ana\\s+kind=SPIKE / migration")
        .containsPattern(
            "s-1\\s+expired\\s+.*camille \\(removed by leo\\)\\s+watch_rule=acme / known outage");
  }

  @Test
  void withoutATokenOrAnApiTheCommandSaysWhatIsMissing() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    StringWriter err = new StringWriter();
    int noToken =
        Vigie.execute(
            new String[] {"silence", "list", "--url", "http://127.0.0.1:" + closed, "--token", ""},
            Map.of(),
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true));
    Run unreachable =
        new Run(
            Vigie.execute(
                new String[] {
                  "silence", "list", "--url", "http://127.0.0.1:" + closed, "--token", "t"
                },
                Map.of(),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(new StringWriter(), true)),
            "",
            "");

    assertThat(noToken).isEqualTo(ExitCode.USAGE.code());
    assertThat(err.toString()).contains("give --token or set VIGIE_API_TOKEN");
    assertThat(unreachable.exit()).isEqualTo(ExitCode.UNAVAILABLE.code());
  }
}
