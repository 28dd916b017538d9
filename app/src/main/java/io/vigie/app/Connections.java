package io.vigie.app;

import io.vigie.app.config.VigieConfig;
import io.vigie.core.LocalClusters;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import java.util.Map;
import java.util.Optional;

/**
 * The clusters a command talks to: those configured ({@code kafka.bootstrap.servers}, {@code
 * elasticsearch.urls}), else, where the dev tools are installed, the local stack that {@code vigie
 * stack up} left running.
 */
public record Connections(Map<String, Object> kafka, ElasticsearchSettings elasticsearch) {

  public static Connections of(VigieConfig config, Optional<? extends LocalClusters> local) {
    return new Connections(
        config.kafkaProperties(local.flatMap(LocalClusters::bootstrapServers)),
        config.elasticsearchSettings(local.flatMap(LocalClusters::elasticsearchUrl)));
  }

  /**
   * The configured clusters, completed where needed by a running {@code vigie stack up} that a
   * launcher extension finds.
   */
  public static Connections resolve(VigieConfig config) {
    Optional<LocalClusters> local =
        config.hasExternalKafka() && config.hasExternalElasticsearch()
            ? Optional.empty()
            : runningLocalStack(config);
    return of(config, local);
  }

  /**
   * Kafka alone, for commands that never touch Elasticsearch (ingest, watch rules): the configured
   * brokers, else the local stack's.
   */
  public static Map<String, Object> kafka(VigieConfig config) {
    Optional<LocalClusters> local =
        config.hasExternalKafka() ? Optional.empty() : runningLocalStack(config);
    return config.kafkaProperties(local.flatMap(LocalClusters::bootstrapServers));
  }

  /** Only the dev tools can start a local stack, so only they can find one running. */
  private static Optional<LocalClusters> runningLocalStack(VigieConfig config) {
    return LauncherExtension.installed().stream()
        .flatMap(extension -> extension.runningLocalStack(config).stream())
        .findFirst();
  }
}
