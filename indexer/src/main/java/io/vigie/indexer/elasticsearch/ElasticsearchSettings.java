package io.vigie.indexer.elasticsearch;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach an Elasticsearch cluster: its HTTP endpoints and credentials (an API key, or a user
 * and password), an optional CA fingerprint for self-signed TLS, and extra HTTP headers.
 */
public record ElasticsearchSettings(
    List<URI> hosts,
    String apiKey,
    String username,
    String password,
    String caFingerprint,
    Map<String, String> headers) {

  public ElasticsearchSettings {
    hosts = List.copyOf(hosts);
    headers = Map.copyOf(headers);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("at least one Elasticsearch URL is required");
    }
    if (apiKey != null && username != null) {
      throw new IllegalArgumentException("configure either an API key or a username, not both");
    }
    if (username != null) {
      Objects.requireNonNull(password, "a password is required with a username");
    }
  }

  /** Plain HTTP to one node, no credentials: the local stack. */
  public static ElasticsearchSettings local(URI url) {
    return new ElasticsearchSettings(List.of(url), null, null, null, null, Map.of());
  }

  @Override
  public String toString() {
    // Credentials never reach a log line.
    return "ElasticsearchSettings[hosts="
        + hosts
        + ", auth="
        + (apiKey != null ? "api-key" : username != null ? "basic" : "none")
        + "]";
  }
}
