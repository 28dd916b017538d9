package io.vigie.indexer.testing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigie.core.config.ConfigValues;
import io.vigie.core.config.CoreConfigKeys;
import io.vigie.core.kafka.TopicSetup;
import io.vigie.indexer.IndexerConfigKeys;
import io.vigie.indexer.IndexerProcess;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.indexer.elasticsearch.ElasticsearchSettings;
import io.vigie.indexer.setup.IndexTemplates;
import io.vigie.localstack.LocalStack;
import io.vigie.schema.VigieTopics;
import io.vigie.testkit.RealServers;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/**
 * An indexer deployment of one test run on the test servers: topics, index prefix and consumer
 * group named after the run, so that runs sharing the servers never see each other's data. Its
 * settings are the test kit's ({@link RealServers#TEST_SETTINGS}) plus the test's overrides, parsed
 * by the keys' own definitions (core's {@code topics.*}, the indexer's {@code elasticsearch.*} and
 * {@code indexer.*}), so that a value production refuses fails here too. It does what the
 * launcher's {@code setup} and {@code index} commands do for the indexer, without the launcher,
 * which the indexer's tests cannot see.
 */
public final class IsolatedIndexer {

  /** The keys the indexer reads, as the launcher defines them. */
  private static final ConfigDef DEFINITION =
      IndexerConfigKeys.defineIndexer(
          IndexerConfigKeys.defineElasticsearch(CoreConfigKeys.defineTopics(new ConfigDef())));

  /** The test servers are a single node: replicas would never be assigned. */
  private static final int REPLICAS = 0;

  private final ConfigValues values;
  private final Map<String, Object> kafka;
  private final ElasticsearchSettings elasticsearch;
  private final VigieTopics topics;
  private final String indexPrefix;
  private final String groupId;

  private IsolatedIndexer(LocalStack stack, String runId, ConfigValues values) {
    this.values = values;
    this.kafka =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers().orElseThrow());
    this.elasticsearch =
        IndexerConfigKeys.elasticsearchSettings(values, Map.of(), stack.elasticsearchUrl());
    this.topics = VigieTopics.withPrefix(values.string(CoreConfigKeys.TOPICS_PREFIX) + runId + ".");
    this.indexPrefix = values.string(IndexerConfigKeys.ES_INDEX_PREFIX) + runId + "-";
    this.groupId = values.string(IndexerConfigKeys.INDEXER_GROUP_ID) + "-" + runId;
  }

  /** A run id no other run has: {@code label} and eight random characters. */
  public static String newRunId(String label) {
    return label + UUID.randomUUID().toString().substring(0, 8);
  }

  /** The test settings on {@code stack}, named after a new run of {@code label}. */
  public static IsolatedIndexer on(LocalStack stack, String label) {
    return on(stack, newRunId(label), Map.of());
  }

  /**
   * The test settings with {@code overrides} on {@code stack}, named after run {@code runId}; the
   * Elasticsearch cluster is the stack's unless {@code elasticsearch.urls} names another.
   *
   * @throws ConfigException for a key the indexer does not read or a value its definition refuses
   */
  public static IsolatedIndexer on(LocalStack stack, String runId, Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>();
    // The kit's other settings size the servers it starts, which the indexer does not read.
    RealServers.TEST_SETTINGS.forEach(
        (key, value) -> {
          if (DEFINITION.names().contains(key)) {
            settings.put(key, value);
          }
        });
    overrides.forEach(
        (key, value) -> {
          if (!DEFINITION.names().contains(key)) {
            throw new ConfigException(key, "(hidden)", "not a key the indexer reads");
          }
          settings.put(key, value);
        });
    return new IsolatedIndexer(stack, runId, new ConfigValues(DEFINITION.parse(settings)));
  }

  /**
   * Creates the run's missing topics and installs its index templates, as {@code vigie setup} does;
   * safe to run again.
   */
  public void setup() throws IOException, InterruptedException {
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(
              values.integer(CoreConfigKeys.TOPICS_PARTITIONS),
              (short) values.integer(CoreConfigKeys.TOPICS_REPLICATION),
              Duration.ofHours(values.integer(CoreConfigKeys.TOPICS_RETENTION_HOURS)))
          .ensure(admin, topics);
    }
    ElasticsearchClient client = ElasticsearchClients.create(elasticsearch);
    try {
      new IndexTemplates(indexPrefix, REPLICAS, IndexerConfigKeys.indexRetention(values))
          .apply(client);
    } finally {
      client._transport().close();
    }
  }

  /**
   * Starts the run's indexer, counting in a registry of its own, with no retention sweep; the
   * caller closes it.
   */
  public IndexerProcess start() {
    return IndexerProcess.create(
            new IndexerProcess.Settings(
                IndexerConfigKeys.indexerSettings(values).withIndexPrefix(indexPrefix),
                kafka,
                groupId,
                topics,
                Optional.empty()),
            elasticsearch,
            new SimpleMeterRegistry(),
            Clock.systemUTC())
        .start();
  }

  /** The Kafka client properties reaching the test broker. */
  public Map<String, Object> kafka() {
    return kafka;
  }

  public String bootstrapServers() {
    return kafka.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG).toString();
  }

  public ElasticsearchSettings elasticsearch() {
    return elasticsearch;
  }

  public VigieTopics topics() {
    return topics;
  }

  /** The prefix of the run's indices, index templates and component templates. */
  public String indexPrefix() {
    return indexPrefix;
  }

  /** The indexer's consumer group. */
  public String groupId() {
    return groupId;
  }

  /** The topics the indexer reads. */
  public List<String> inputTopics() {
    return IndexerProcess.inputTopics(topics);
  }
}
