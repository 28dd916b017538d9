package io.vigie.app.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.app.config.VigieConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls to the alert API that {@code vigie alerts} serves, with a bearer token. */
public final class AlertApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String base;
  private final String token;

  public AlertApiClient(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A body to fill for {@link #call}. */
  public static ObjectNode newBody() {
    return JSON.createObjectNode();
  }

  /** The API's address when none is given, from {@code api.host} and {@code api.port}. */
  public static String defaultUrl(VigieConfig config) {
    String host = config.string(VigieConfig.API_HOST);
    // A server bound to every address is reached on this machine through loopback.
    if (host.equals("0.0.0.0") || host.equals("::")) {
      host = "127.0.0.1";
    }
    return "http://" + host + ":" + config.integer(VigieConfig.API_PORT);
  }

  /** The answer's JSON on 2xx; otherwise an {@link AlertApiException} saying why. */
  public JsonNode call(String method, String path, ObjectNode body) throws InterruptedException {
    URI uri = URI.create(base.replaceAll("/+$", "") + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
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
      throw new AlertApiException(
          AlertApiException.Cause.UNREACHABLE,
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
    AlertApiException.Cause cause =
        status == 400
            ? AlertApiException.Cause.BAD_INPUT
            : status >= 500 ? AlertApiException.Cause.UNREACHABLE : AlertApiException.Cause.REFUSED;
    throw new AlertApiException(cause, "Refused (" + status + "): " + message);
  }
}
