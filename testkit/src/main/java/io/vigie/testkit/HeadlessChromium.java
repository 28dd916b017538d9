package io.vigie.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.core.http.Ports;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A real headless Chromium driven through Debian's chromedriver with the W3C WebDriver protocol
 * (plain JSON over HTTP: new session, navigate, run a script, take a screenshot). Where the browser
 * is missing the test is skipped on a developer machine and fails in CI ({@code CI} set), which
 * installs Debian's {@code chromium} and {@code chromium-driver}.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final Process driver;
  private final URI session;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Path profile;

  private HeadlessChromium(Process driver, URI session, Path profile) {
    this.driver = driver;
    this.session = session;
    this.profile = profile;
  }

  /** Starts chromedriver on a free loopback port and opens a headless session. */
  public static HeadlessChromium start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    if (System.getenv("CI") != null && !present) {
      throw new IllegalStateException(
          "CI needs Debian's chromium and chromium-driver for the browser tests (.ci/run installs them)");
    }
    Assumptions.assumeTrue(present, "no /usr/bin/chromium and /usr/bin/chromedriver here");
    int port = Ports.freePort();
    Process driver =
        new ProcessBuilder(DRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    URI base = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        var status =
            http.send(
                HttpRequest.newBuilder(base.resolve("/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (JSON.readTree(status.body()).at("/value/ready").asBoolean()) {
          break;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        driver.destroyForcibly();
        throw new IllegalStateException("chromedriver did not start");
      }
      Thread.sleep(100);
    }
    Path profile = Files.createTempDirectory("vigie-chromium-");
    ObjectNode options = JSON.createObjectNode();
    options.put("binary", CHROMIUM.toString());
    var args = options.putArray("args");
    // Headless as root, and nothing reaching for the network beyond the page under test.
    for (String arg :
        List.of(
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
            "--user-data-dir=" + profile)) {
      args.add(arg);
    }
    ObjectNode request = JSON.createObjectNode();
    request
        .putObject("capabilities")
        .putObject("alwaysMatch")
        .put("browserName", "chrome")
        .set("goog:chromeOptions", options);
    JsonNode created = call(http, "POST", base.resolve("/session"), request);
    String id = created.at("/value/sessionId").asText();
    if (id.isEmpty()) {
      driver.destroyForcibly();
      throw new IllegalStateException("no WebDriver session: " + created);
    }
    return new HeadlessChromium(driver, URI.create(base + "/session/" + id + "/"), profile);
  }

  /** Loads a page and waits for it to load. */
  public void open(String url) throws Exception {
    call(http, "POST", session.resolve("url"), JSON.createObjectNode().put("url", url));
  }

  /** Runs {@code script} (a function body; {@code return} gives the result) in the page. */
  public JsonNode script(String script) throws Exception {
    ObjectNode request = JSON.createObjectNode().put("script", script);
    request.putArray("args");
    return call(http, "POST", session.resolve("execute/sync"), request).get("value");
  }

  /** The page's visible text. */
  public String text() throws Exception {
    return script("return document.body.innerText;").asText();
  }

  /** Writes a PNG screenshot of the window to {@code file}. */
  public void screenshot(Path file) throws Exception {
    String png = call(http, "GET", session.resolve("screenshot"), null).get("value").asText();
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(png));
  }

  @Override
  public void close() throws Exception {
    try {
      call(http, "DELETE", URI.create(session.toString().replaceAll("/$", "")), null);
    } finally {
      driver.destroy();
      driver.waitFor();
    }
  }

  private static JsonNode call(HttpClient http, String method, URI uri, JsonNode body)
      throws Exception {
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.toString());
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .method(method, publisher)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode answer = JSON.readTree(response.body());
    if (response.statusCode() >= 400) {
      throw new IllegalStateException("WebDriver " + method + " " + uri + ": " + answer);
    }
    return answer;
  }
}
