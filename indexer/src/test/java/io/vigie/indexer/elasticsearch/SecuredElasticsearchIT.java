package io.vigie.indexer.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.vigie.indexer.IndexerConfigKeys;
import io.vigie.indexer.IndexerProcess;
import io.vigie.indexer.testing.EnrichedPosts;
import io.vigie.indexer.testing.IsolatedIndexer;
import io.vigie.localstack.ElasticsearchDistribution;
import io.vigie.localstack.LocalElasticsearch;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.CapturedLogs;
import io.vigie.testkit.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.io.FileUtils;
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
                spec.startTimeout(),
                spec.serverJvmOptions()),
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
    FileUtils.deleteDirectory(dir.toFile());
  }

  @Test
  void setupAndIndexingWorkOverHttpsWithALeastPrivilegeUserAndNoCredentialIsLogged(LocalStack stack)
      throws Exception {
    assertThat(elasticsearch.url().getScheme()).isEqualTo("https");
    IsolatedIndexer run =
        IsolatedIndexer.on(
            stack,
            IsolatedIndexer.newRunId("sec"),
            trusted(
                Map.of(
                    IndexerConfigKeys.ES_USERNAME,
                    "vigie",
                    IndexerConfigKeys.ES_PASSWORD,
                    WRITER_PASSWORD)));

    CapturedLogs logged = new CapturedLogs();
    try (logged) {
      run.setup();
      try (IndexerProcess indexer = run.start()) {
        EnrichedPosts.publish(
            run.kafka(), run.topics().enrichedPosts(), EnrichedPosts.marathon("s", 0, 40));
        ElasticsearchClient client = ElasticsearchClients.create(run.elasticsearch());
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .untilAsserted(
                () -> {
                  client.indices().refresh(r -> r.index(run.indexPrefix() + "posts-*"));
                  assertThat(client.count(c -> c.index(run.indexPrefix() + "posts-*")).count())
                      .isEqualTo(40);
                });
        client._transport().close();
        assertThat(indexer.indexer().deadLettered()).isZero();
      }
    }
    assertThat(logged.messages()).isNotEmpty().noneMatch(m -> m.contains(WRITER_PASSWORD));
    assertThat(run.elasticsearch().toString())
        .doesNotContain(WRITER_PASSWORD)
        .contains("auth=basic");
  }

  @Test
  void missingWrongAndUnderPrivilegedCredentialsAndAnUntrustedCertificateAreRefused(
      LocalStack stack) {
    String runId = IsolatedIndexer.newRunId("sec");
    String wrongKey =
        Base64.getEncoder().encodeToString("nope:not-a-key".getBytes(StandardCharsets.UTF_8));
    Map<Map<String, String>, Integer> refusals =
        Map.of(
            Map.of(), 401,
            Map.of(IndexerConfigKeys.ES_API_KEY, wrongKey), 401,
            Map.of(IndexerConfigKeys.ES_USERNAME, "vigie", IndexerConfigKeys.ES_PASSWORD, "not-it"),
                401,
            Map.of(
                    IndexerConfigKeys.ES_USERNAME,
                    "analyst",
                    IndexerConfigKeys.ES_PASSWORD,
                    READER_PASSWORD),
                403);
    refusals.forEach(
        (credentials, status) -> {
          IsolatedIndexer run = IsolatedIndexer.on(stack, runId, trusted(credentials));
          assertThatThrownBy(run::setup)
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
        trusted(
            Map.of(
                IndexerConfigKeys.ES_USERNAME,
                "vigie",
                IndexerConfigKeys.ES_PASSWORD,
                WRITER_PASSWORD));
    untrusted.remove(IndexerConfigKeys.ES_CA_FINGERPRINT);
    IsolatedIndexer run = IsolatedIndexer.on(stack, runId, untrusted);
    assertThatThrownBy(run::setup).hasStackTraceContaining("PKIX");
  }

  private static int status(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ElasticsearchException e) {
        return e.status();
      }
    }
    return -1;
  }

  /** The secured node, trusted by its certificate's fingerprint, with these credentials. */
  private static Map<String, String> trusted(Map<String, String> credentials) {
    Map<String, String> settings = new HashMap<>();
    settings.put(IndexerConfigKeys.ES_URLS, elasticsearch.url().toString());
    settings.put(
        IndexerConfigKeys.ES_CA_FINGERPRINT, elasticsearch.certificateFingerprint().orElseThrow());
    settings.putAll(credentials);
    return settings;
  }
}
