package io.vigie.app.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.vigie.app.Connections;
import io.vigie.app.Pipeline;
import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.EnrichedPosts;
import io.vigie.indexer.elasticsearch.ElasticsearchClients;
import io.vigie.localstack.ElasticsearchDistribution;
import io.vigie.localstack.LocalElasticsearch;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.CapturedLogs;
import io.vigie.testkit.RealServers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Vigie against an Elasticsearch node with security on, as production runs it: HTTPS with a
 * self-signed certificate trusted by its fingerprint, and a user holding only the privileges
 * docs/elasticsearch.md lists. Setup and indexing work with it; no credentials, a wrong API key, a
 * wrong password, a read-only user or an untrusted certificate are refused with a clear error; no
 * credential reaches a log line. (API keys live in the .security index, which this distribution
 * cannot create: its mappings need the analysis-common module the integ-test zip leaves out.)
 */
@ExtendWith(RealServers.class)
class SecuredElasticsearchIT {

  private static final String PASSWORD = "elastic-" + UUID.randomUUID();
  private static final String WRITER_PASSWORD = "writer-" + UUID.randomUUID();
  private static final String READER_PASSWORD = "reader-" + UUID.randomUUID();

  /** The privileges docs/elasticsearch.md asks for, and a read-only role that lacks them. */
  private static final String ROLES =
      """
      vigie_writer:
        cluster: [monitor, manage_index_templates, manage_ilm]
        indices:
          - names: ["vigie-*"]
            privileges: [create_index, write, read, view_index_metadata, manage]
      vigie_reader:
        cluster: [monitor]
        indices:
          - names: ["vigie-*"]
            privileges: [read, view_index_metadata]
      """;

  private static LocalElasticsearch elasticsearch;
  private static Path dir;

  @BeforeAll
  static void startSecuredNode() {
    LocalStack.Spec spec = RealServers.spec("it-secured-" + ProcessHandle.current().pid());
    dir = spec.dir();
    elasticsearch =
        LocalElasticsearch.startSecured(
            new LocalElasticsearch.Spec(
                new ElasticsearchDistribution(
                    spec.elasticsearchVersion(),
                    spec.stackDir().resolve("dist"),
                    spec.mavenRepository()),
                dir.resolve("elasticsearch"),
                0,
                "512m",
                spec.elasticsearchJavaHome(),
                spec.elasticsearchUser(),
                spec.startTimeout()),
            PASSWORD,
            ROLES,
            List.of(
                new LocalElasticsearch.FileUser("vigie", WRITER_PASSWORD, "vigie_writer"),
                new LocalElasticsearch.FileUser("analyst", READER_PASSWORD, "vigie_reader")));
  }

  @AfterAll
  static void stopSecuredNode() throws Exception {
    if (elasticsearch != null) {
      elasticsearch.close();
    }
    org.apache.commons.io.FileUtils.deleteDirectory(dir.toFile());
  }

  @Test
  void setupAndIndexingWorkOverHttpsWithALeastPrivilegeUserAndNoCredentialIsLogged(LocalStack stack)
      throws Exception {
    assertThat(elasticsearch.url().getScheme()).isEqualTo("https");
    String run = "sec" + UUID.randomUUID().toString().substring(0, 8);
    VigieConfig config =
        config(
            stack,
            run,
            Map.of(VigieConfig.ES_USERNAME, "vigie", VigieConfig.ES_PASSWORD, WRITER_PASSWORD));
    Connections connections = Connections.of(config, Optional.of(stack));
    Pipeline.Naming naming = Pipeline.Naming.from(config);

    CapturedLogs logged = new CapturedLogs();
    try (logged) {
      Pipeline.setup(connections, config, naming, 0);
      try (Pipeline pipeline =
          Pipeline.start(
              connections, config, naming, Clock.systemUTC(), EnumSet.of(Pipeline.Part.INDEXER))) {
        EnrichedPosts.publish(connections, naming, "s", 0, 40);
        ElasticsearchClient client = ElasticsearchClients.create(connections.elasticsearch());
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  client.indices().refresh(r -> r.index(naming.indexPrefix() + "posts-*"));
                  assertThat(client.count(c -> c.index(naming.indexPrefix() + "posts-*")).count())
                      .isEqualTo(40);
                });
        client._transport().close();
        assertThat(pipeline.indexer().orElseThrow().deadLettered()).isZero();
      }
    }
    assertThat(logged.messages()).isNotEmpty().noneMatch(m -> m.contains(WRITER_PASSWORD));
    assertThat(connections.elasticsearch().toString())
        .doesNotContain(WRITER_PASSWORD)
        .contains("auth=basic");
  }

  @Test
  void missingWrongAndUnderPrivilegedCredentialsAndAnUntrustedCertificateAreRefused(
      LocalStack stack) {
    String run = "sec" + UUID.randomUUID().toString().substring(0, 8);
    String wrongKey = java.util.Base64.getEncoder().encodeToString("nope:not-a-key".getBytes());
    Map<Map<String, String>, Integer> refusals =
        Map.of(
            Map.of(), 401,
            Map.of(VigieConfig.ES_API_KEY, wrongKey), 401,
            Map.of(VigieConfig.ES_USERNAME, "vigie", VigieConfig.ES_PASSWORD, "not-it"), 401,
            Map.of(VigieConfig.ES_USERNAME, "analyst", VigieConfig.ES_PASSWORD, READER_PASSWORD),
                403);
    refusals.forEach(
        (credentials, status) -> {
          VigieConfig config = config(stack, run, credentials);
          Connections connections = Connections.of(config, Optional.of(stack));
          assertThatThrownBy(
                  () -> Pipeline.setup(connections, config, Pipeline.Naming.from(config), 0))
              .as("setup with %s", credentials.keySet())
              .hasStackTraceContaining("security_exception")
              .satisfies(
                  e -> {
                    assertThat(status(e)).isEqualTo(status);
                    assertThat(String.valueOf(e.getMessage()))
                        .doesNotContain(wrongKey)
                        .doesNotContain(READER_PASSWORD);
                  });
        });
    Map<String, String> untrusted =
        settings(
            stack,
            run,
            Map.of(VigieConfig.ES_USERNAME, "vigie", VigieConfig.ES_PASSWORD, WRITER_PASSWORD));
    untrusted.remove(VigieConfig.ES_CA_FINGERPRINT);
    VigieConfig config = ConfigLoader.load(Optional.empty(), Map.of(), untrusted);
    Connections connections = Connections.of(config, Optional.of(stack));
    assertThatThrownBy(() -> Pipeline.setup(connections, config, Pipeline.Naming.from(config), 0))
        .hasStackTraceContaining("PKIX");
  }

  private static int status(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof co.elastic.clients.elasticsearch._types.ElasticsearchException e) {
        return e.status();
      }
    }
    return -1;
  }

  private static VigieConfig config(LocalStack stack, String run, Map<String, String> credentials) {
    return ConfigLoader.load(Optional.empty(), Map.of(), settings(stack, run, credentials));
  }

  private static Map<String, String> settings(
      LocalStack stack, String run, Map<String, String> credentials) {
    Map<String, String> settings = new HashMap<>(RealServers.TEST_SETTINGS);
    settings.put(VigieConfig.KAFKA_BOOTSTRAP, stack.bootstrapServers().orElseThrow());
    settings.put(VigieConfig.ES_URLS, elasticsearch.url().toString());
    settings.put(
        VigieConfig.ES_CA_FINGERPRINT, elasticsearch.certificateFingerprint().orElseThrow());
    settings.putAll(credentials);
    settings.put(VigieConfig.TOPICS_PREFIX, run + ".");
    settings.put(VigieConfig.ES_INDEX_PREFIX, "vigie-" + run + "-");
    settings.put(VigieConfig.INDEXER_GROUP_ID, run + "-indexer");
    return settings;
  }
}
