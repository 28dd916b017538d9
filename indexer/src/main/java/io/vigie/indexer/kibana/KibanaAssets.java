package io.vigie.indexer.kibana;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Vigie's Kibana saved objects (data views for posts, signals and alerts; saved searches;
 * visualizations; a map; the overview dashboard), shipped as NDJSON under {@code
 * io/vigie/indexer/kibana/vigie.ndjson}, and their import into a Kibana through its saved-objects
 * API.
 */
public final class KibanaAssets {

  static final String RESOURCE = "io/vigie/indexer/kibana/vigie.ndjson";
  private static final String DEFAULT_PREFIX = "vigie-";

  private KibanaAssets() {}

  /** The NDJSON, its data views pointed at indices named with {@code indexPrefix}. */
  public static String ndjson(String indexPrefix) {
    try (InputStream in = KibanaAssets.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + RESOURCE);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (indexPrefix.equals(DEFAULT_PREFIX)) {
        return text;
      }
      for (String kind : new String[] {"posts", "signals", "alerts"}) {
        text =
            text.replace(
                "\"title\": \"" + DEFAULT_PREFIX + kind + "-*\"",
                "\"title\": \"" + indexPrefix + kind + "-*\"");
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What Kibana answered. */
  public record Outcome(int status, String body) {
    public boolean success() {
      return status == 200 && body.contains("\"success\":true");
    }
  }

  /**
   * Imports the objects into the Kibana at {@code kibana} (space {@code space}, overwriting earlier
   * versions of the same ids), with an API key when given.
   */
  public static Outcome importInto(
      URI kibana, Optional<String> space, Optional<String> apiKey, String ndjson)
      throws IOException, InterruptedException {
    String boundary = "vigie-" + UUID.randomUUID();
    String body =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"vigie.ndjson\""
            + "\r\nContent-Type: application/ndjson\r\n\r\n"
            + ndjson
            + "\r\n--"
            + boundary
            + "--\r\n";
    String base = kibana.toString().replaceAll("/+$", "");
    String path =
        space.map(s -> "/s/" + s).orElse("") + "/api/saved_objects/_import?overwrite=true";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(60))
            .header("kbn-xsrf", "true")
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    apiKey.ifPresent(key -> request.header("Authorization", "ApiKey " + key));
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Outcome(response.statusCode(), response.body());
  }
}
