package io.vigie.core.config;

import static io.vigie.core.config.ConfigValidators.matching;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys every process shares: the topics' names and shape, the Kafka clients' pass-through
 * prefix ({@code kafka.*}, prefix removed) and the API tokens every HTTP endpoint honours.
 */
public final class CoreConfigKeys {

  public static final String KAFKA_PREFIX = "kafka.";
  public static final String KAFKA_BOOTSTRAP = KAFKA_PREFIX + "bootstrap.servers";
  public static final String TOPICS_PREFIX = "topics.prefix";
  public static final String TOPICS_PARTITIONS = "topics.partitions";
  public static final String TOPICS_REPLICATION = "topics.replication-factor";
  public static final String TOPICS_RETENTION_HOURS = "topics.retention-hours";

  public static final String API_TOKENS = "api.tokens";

  /** Adds the {@code topics.*} keys. */
  public static ConfigDef defineTopics(ConfigDef definition) {
    return definition
        .define(
            TOPICS_PREFIX,
            Type.STRING,
            "vigie.",
            matching("[a-zA-Z0-9._-]*"),
            Importance.MEDIUM,
            "Prefix of every topic name.")
        .define(
            TOPICS_PARTITIONS,
            Type.INT,
            6,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Partitions of the topics Vigie creates: the most instances that can share the work.")
        .define(
            TOPICS_REPLICATION,
            Type.SHORT,
            (short) -1,
            Range.between(-1, 32),
            Importance.MEDIUM,
            "Replication factor of the topics Vigie creates; -1 uses the broker's default.replication.factor.")
        .define(
            TOPICS_RETENTION_HOURS,
            Type.INT,
            168,
            Range.atLeast(1),
            Importance.LOW,
            "Retention of the time-based topics (posts, signals, alerts, dead letters), in hours.");
  }

  /** Adds {@code api.tokens}, which every HTTP endpoint of Vigie honours. */
  public static ConfigDef defineApiTokens(ConfigDef definition) {
    return definition.define(
        API_TOKENS,
        Type.PASSWORD,
        null,
        Importance.HIGH,
        "Bearer tokens of the alert API, comma-separated token=user:role entries (role viewer or responder); the API starts only when set. Never logged.");
  }

  private CoreConfigKeys() {}
}
