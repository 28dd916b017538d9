package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.app.config.VigieConfig;
import io.vigie.app.testing.CliRun;
import io.vigie.localstack.LocalStack;
import io.vigie.testkit.RealServers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigie watch} against the real broker: rules written to, and read from, their topic. */
@ExtendWith(RealServers.class)
class WatchCommandIT {

  @TempDir Path dir;
  private String bootstrap;
  private final String prefix = "watch" + UUID.randomUUID().toString().substring(0, 8) + ".";

  @BeforeEach
  void cluster(LocalStack stack) {
    bootstrap = stack.bootstrapServers().orElseThrow();
  }

  private CliRun vigie(String... args) {
    return CliRun.vigie(
        Map.of(
            "kafka.bootstrap.servers",
            bootstrap,
            VigieConfig.TOPICS_PREFIX,
            prefix,
            VigieConfig.TOPICS_PARTITIONS,
            "1"),
        args);
  }

  @Test
  void shouldAddListExportImportAndRemoveRulesAndRefuseInvalidQueries() throws Exception {
    CliRun added =
        vigie(
            "watch",
            "add",
            "--name",
            "Rappels conso",
            "--query",
            "\"rappel conso\" OR (rappel AND listeria)",
            "--lang",
            "fr");
    assertThat(added.exit()).as(added.err()).isEqualTo(ExitCode.OK.code());
    assertThat(added.out()).contains("'rappels-conso' saved");

    CliRun invalid = vigie("watch", "add", "--name", "Broken", "--query", "(explosion OR");
    assertThat(invalid.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(invalid.err())
        .contains("at character 14: the query ends where a term is expected")
        .contains("  (explosion OR\n" + " ".repeat(2 + 13) + "^");

    Path file = dir.resolve("rules.json");
    Files.writeString(
        file,
        "[{\"id\": \"crues\", \"name\": \"Crues\", \"query\": \"crue OR inondation* OR #crue\"},"
            + " {\"name\": \"Marathon\", \"query\": \"explosion marathon\", \"languages\": [\"en\"]}]",
        StandardCharsets.UTF_8);
    CliRun imported = vigie("watch", "import", file.toString());
    assertThat(imported.exit()).as(imported.err()).isEqualTo(ExitCode.OK.code());

    CliRun listed = vigie("watch", "list");
    assertThat(listed.out())
        .contains("crues")
        .contains("marathon")
        .contains("rappels-conso")
        .contains("fr ");

    Path badFile = dir.resolve("bad.json");
    Files.writeString(
        badFile,
        "[{\"id\": \"ok\", \"query\": \"ok\"}, {\"id\": \"ko\", \"query\": \"a AND\"}]",
        StandardCharsets.UTF_8);
    CliRun refused = vigie("watch", "import", badFile.toString());
    assertThat(refused.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(refused.err()).contains("rule 2: invalid query").contains("Nothing imported.");

    CliRun removed = vigie("watch", "remove", "crues");
    assertThat(removed.exit()).as(removed.err()).isEqualTo(ExitCode.OK.code());
    assertThat(vigie("watch", "remove", "crues").exit()).isEqualTo(ExitCode.USAGE.code());

    Path exported = dir.resolve("export.json");
    assertThat(vigie("watch", "export", "--output", exported.toString()).exit())
        .isEqualTo(ExitCode.OK.code());
    String json = Files.readString(exported);
    assertThat(json).contains("rappels-conso").contains("marathon").doesNotContain("crues");
    assertThat(json).doesNotContain("\"ok\"");
  }

  @Test
  void shouldSeedARuleFromHistoryIntoTheSeedsTopic() throws Exception {
    assertThat(vigie("watch", "add", "--id", "acme", "--name", "Acme", "--query", "acme").exit())
        .isEqualTo(ExitCode.OK.code());
    Path history = dir.resolve("history.jsonl");
    StringBuilder lines = new StringBuilder();
    java.time.Instant start = java.time.Instant.parse("2026-10-01T08:00:00Z");
    for (int i = 0; i < 300; i++) {
      lines.append(
          String.format(
              "{\"source\": \"test\", \"id\": \"h%d\", \"text\": \"%s number %d\", \"created_at\": \"%s\"}%n",
              i,
              i % 3 == 0 ? "Acme customer service" : "Weather is fine today",
              i,
              start.plusSeconds(60L * i)));
    }
    Files.writeString(history, lines, StandardCharsets.UTF_8);

    CliRun missing = vigie("watch", "seed", "nosuchrule", history.toString());
    CliRun seeded = vigie("watch", "seed", "acme", history.toString());

    assertThat(missing.exit()).isEqualTo(ExitCode.USAGE.code());
    assertThat(seeded.exit()).as(seeded.err()).isEqualTo(ExitCode.OK.code());
    assertThat(seeded.out()).contains("Seeded rule 'acme' from 300 posts");
    var records =
        io.vigie.testkit.TestTopics.readAtLeast(
            bootstrap,
            prefix + "detection-seeds",
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            1,
            java.time.Duration.ofSeconds(30));
    assertThat(records).extracting(r -> r.key()).containsExactly("rule:acme");
    var detector =
        new io.vigie.streams.detect.SubjectDetector(
            io.vigie.streams.detect.DetectionSettings.defaults());
    assertThat(detector.read("rule:acme", records.get(0).value()).lastSeen())
        .as("the state learned from the history")
        .isEqualTo(start.plusSeconds(60L * 297).toEpochMilli());
  }
}
