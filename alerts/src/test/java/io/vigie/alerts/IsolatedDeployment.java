package io.vigie.alerts;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.config.ConfigDef;

/**
 * A deployment of its own for one integration test on the shared real servers: topics, indices and
 * the indexer's consumer group named after a run id, so that tests never see each other's data.
 * Setting it up creates the topics and installs the index templates; {@link #startIndexer()} runs
 * the indexer on them when a test reads what was indexed. Its settings are the defaults of the
 * topics', Elasticsearch's and the indexer's own keys with the test kit's {@link
 * RealServers#TEST_SETTINGS} (long retention), read as the launcher reads them.
 */
public final class IsolatedDeployment {

  private static final ConfigDef KEYS =
      IndexerConfigKeys.defineIndexer(
          IndexerConfigKeys.defineElasticsearch(CoreConfigKeys.defineTopics(new ConfigDef())));

  /** The local stack's Elasticsearch is a single node, where a replica would never be assigned. */
  private static final int INDEX_REPLICAS = 0;

  private final ConfigValues settings;
  private final Map<String, Object> kafka;
  private final ElasticsearchSettings elasticsearch;
  private final VigieTopics topics;
  private final String indexPrefix;
  private final String indexerGroupId;

  private IsolatedDeployment(ConfigValues settings, LocalStack stack, String runId) {
    this.settings = settings;
    this.kafka =
        Map.of(
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers().orElseThrow());
    this.elasticsearch =
        IndexerConfigKeys.elasticsearchSettings(settings, Map.of(), stack.elasticsearchUrl());
    this.topics =
        VigieTopics.withPrefix(settings.string(CoreConfigKeys.TOPICS_PREFIX) + runId + ".");
    this.indexPrefix = settings.string(IndexerConfigKeys.ES_INDEX_PREFIX) + runId + "-";
    this.indexerGroupId = settings.string(IndexerConfigKeys.INDEXER_GROUP_ID) + "-" + runId;
  }

  /**
   * Names of its own, {@code label} and a random suffix, on {@code stack}: creates the topics and
   * installs the index templates.
   */
  public static IsolatedDeployment setUp(LocalStack stack, String label)
      throws IOException, InterruptedException {
    ConfigValues settings = new ConfigValues(KEYS.parse(RealServers.TEST_SETTINGS));
    IsolatedDeployment deployment =
        new IsolatedDeployment(
            settings, stack, label + UUID.randomUUID().toString().substring(0, 8));
    deployment.createTopics();
    deployment.installIndexTemplates();
    return deployment;
  }

  private void createTopics() throws InterruptedException {
    try (Admin admin = Admin.create(kafka)) {
      new TopicSetup(
              settings.integer(CoreConfigKeys.TOPICS_PARTITIONS),
              (short) settings.integer(CoreConfigKeys.TOPICS_REPLICATION),
              Duration.ofHours(settings.integer(CoreConfigKeys.TOPICS_RETENTION_HOURS)))
          .ensure(admin, topics);
    }
  }

  private void installIndexTemplates() throws IOException {
    ElasticsearchClient client = ElasticsearchClients.create(elasticsearch);
    try {
      new IndexTemplates(indexPrefix, INDEX_REPLICAS, IndexerConfigKeys.indexRetention(settings))
          .apply(client);
    } finally {
      client._transport().close();
    }
  }

  /** The indexer on this deployment's topics and indices, started; the test closes it. */
  public IndexerProcess startIndexer() {
    return IndexerProcess.create(
            new IndexerProcess.Settings(
                IndexerConfigKeys.indexerSettings(settings).withIndexPrefix(indexPrefix),
                kafka,
                indexerGroupId,
                topics,
                Optional.empty()),
            elasticsearch,
            new SimpleMeterRegistry(),
            Clock.systemUTC())
        .start();
  }

  /** Kafka client properties: the broker's address. */
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

  /** The prefix of this deployment's indices, index templates and component templates. */
  public String indexPrefix() {
    return indexPrefix;
  }

  public String indexerGroupId() {
    return indexerGroupId;
  }

  /** The topics the indexer reads: posts, signals, incidents and the actions taken on them. */
  public List<String> indexerInputTopics() {
    return List.of(
        topics.enrichedPosts().name(),
        topics.signals().name(),
        topics.alerts().name(),
        topics.alertActions().name());
  }
}
