package io.vigie.ops;

import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.localstack.LocalStack;
import io.vigie.ops.config.VigieConfig;
import io.vigie.ops.stack.StackSpecs;
import java.util.Map;
import java.util.Optional;

/**
 * The clusters a command talks to: those configured ({@code kafka.bootstrap.servers}, {@code
 * elasticsearch.urls}), else the local stack that {@code vigie stack up} left running.
 */
public record Connections(Map<String, Object> kafka, ElasticsearchSettings elasticsearch) {

  public static Connections of(VigieConfig config, Optional<LocalStack> local) {
    return new Connections(
        config.kafkaProperties(local.flatMap(LocalStack::bootstrapServers)),
        config.elasticsearchSettings(local.flatMap(LocalStack::elasticsearchUrl)));
  }

  /** The configured clusters, completed by a running {@code vigie stack up} where needed. */
  public static Connections resolve(VigieConfig config) {
    Optional<LocalStack> local =
        config.hasExternalKafka() && config.hasExternalElasticsearch()
            ? Optional.empty()
            : LocalStack.attach(StackSpecs.from(config, LocalStack.DEFAULT_NAME));
    return of(config, local);
  }

  /**
   * Kafka alone, for commands that never touch Elasticsearch (ingest, watch rules): the configured
   * brokers, else the local stack's.
   */
  public static Map<String, Object> kafka(VigieConfig config) {
    Optional<LocalStack> local =
        config.hasExternalKafka()
            ? Optional.empty()
            : LocalStack.attach(StackSpecs.from(config, LocalStack.DEFAULT_NAME));
    return config.kafkaProperties(local.flatMap(LocalStack::bootstrapServers));
  }
}
