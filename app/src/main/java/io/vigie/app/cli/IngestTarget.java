package io.vigie.app.cli;

import io.vigie.app.Connections;
import io.vigie.app.config.VigieConfig;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.ingest.publish.KafkaTarget;
import io.vigie.schema.VigieTopics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Where every ingest command publishes: the cluster, the topics (created when missing) and their
 * retention.
 */
record IngestTarget(
    VigieConfig config, Map<String, Object> kafka, VigieTopics topics, Duration retention) {

  /** Kafka only: ingest and watch-rule commands never need Elasticsearch. */
  static IngestTarget open(VigieConfig config) throws InterruptedException {
    Map<String, Object> kafka = Connections.kafka(config);
    VigieTopics topics = VigieTopics.withPrefix(config.string(VigieConfig.TOPICS_PREFIX));
    Duration retention = Duration.ofHours(config.integer(VigieConfig.TOPICS_RETENTION_HOURS));
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(
              config.integer(VigieConfig.TOPICS_PARTITIONS),
              (short) config.integer(VigieConfig.TOPICS_REPLICATION),
              retention)
          .ensure(admin, topics);
    }
    return new IngestTarget(config, kafka, topics, retention);
  }

  /** Where an ingest process publishes. */
  KafkaTarget kafkaTarget() {
    return new KafkaTarget(kafka, topics, retention);
  }
}
