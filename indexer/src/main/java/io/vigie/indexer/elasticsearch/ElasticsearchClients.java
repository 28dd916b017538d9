package io.vigie.indexer.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.transport.TransportUtils;

/** Creates the official Java client from {@link ElasticsearchSettings}. */
public final class ElasticsearchClients {

  private ElasticsearchClients() {}

  public static ElasticsearchClient create(ElasticsearchSettings settings) {
    return ElasticsearchClient.of(
        b -> {
          b.hosts(settings.hosts());
          if (settings.apiKey() != null) {
            b.apiKey(settings.apiKey());
          }
          if (settings.username() != null) {
            b.usernameAndPassword(settings.username(), settings.password());
          }
          if (settings.caFingerprint() != null) {
            b.sslContext(TransportUtils.sslContextFromCaFingerprint(settings.caFingerprint()));
          }
          if (!settings.headers().isEmpty()) {
            b.transportOptions(
                o -> {
                  settings.headers().forEach(o::addHeader);
                  return o;
                });
          }
          return b;
        });
  }
}
