package io.vigie.devtools.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Components are given the {@code MeterRegistry} they count in; only the composition roots, which
 * build a process, hand them Micrometer's global one (which {@code MetricsEndpoint} serves at
 * {@code /metrics}). A component reaching for the global registry itself hides a dependency, and
 * leaves its tests to count in a registry every other test shares.
 */
class GlobalRegistryTest {

  private static final String MAIN = "src/main/java/io/vigie/";

  /** The composition roots: commands, the pipeline, the endpoint joining /metrics to it. */
  private static final Set<String> ROOTS =
      Set.of(
          "app/" + MAIN + "app/Pipeline.java",
          "app/" + MAIN + "app/metrics/MetricsEndpoint.java",
          "app/" + MAIN + "app/cli/AlertsCommand.java",
          "devtools/" + MAIN + "devtools/cli/BenchCommand.java",
          "devtools/" + MAIN + "devtools/cli/BenchPipelineCommand.java",
          "devtools/" + MAIN + "devtools/cli/BenchStateCommand.java",
          "devtools/" + MAIN + "devtools/cli/BenchStreamsCommand.java",
          "app/" + MAIN + "app/cli/ConsoleCommand.java",
          "devtools/" + MAIN + "devtools/cli/DemoCommand.java",
          "devtools/" + MAIN + "devtools/cli/FaultsCommand.java",
          "app/" + MAIN + "app/cli/IndexCommand.java",
          "app/" + MAIN + "app/cli/StreamsCommand.java",
          "app/" + MAIN + "app/cli/IngestCommand.java");

  /** The ingest side's roots: one command per source. */
  private static final Pattern INGEST_COMMANDS =
      Pattern.compile("app/" + Pattern.quote(MAIN) + "app/cli/Ingest[A-Za-z]*Command\\.java");

  private static final Pattern GLOBAL_REGISTRY =
      Pattern.compile(
          "\\bMetrics\\s*\\.\\s*(globalRegistry|counter|gauge\\w*|timer|summary|more)\\b"
              + "|^\\s*import\\s+static\\s+io\\.micrometer\\.core\\.instrument\\.Metrics\\.");
  private static final Pattern COMMENT = Pattern.compile("^\\s*(\\*|//|/\\*)");

  @Test
  void onlyCompositionRootsUseTheGlobalMeterRegistry() throws IOException {
    List<String> outside = new ArrayList<>();
    for (String use : uses()) {
      String file = use.substring(0, use.indexOf(':'));
      if (!ROOTS.contains(file) && !INGEST_COMMANDS.matcher(file).matches()) {
        outside.add(use);
      }
    }

    assertThat(outside).as("the global meter registry outside the composition roots").isEmpty();
  }

  @Test
  void seesTheRootsThatUseIt() throws IOException {
    Set<String> files = new TreeSet<>();
    uses().forEach(use -> files.add(use.substring(0, use.indexOf(':'))));

    assertThat(files)
        .contains(
            "app/" + MAIN + "app/Pipeline.java", "app/" + MAIN + "app/cli/AlertsCommand.java");
    assertThat(GLOBAL_REGISTRY.matcher("    .register(Metrics.globalRegistry);").find()).isTrue();
    assertThat(GLOBAL_REGISTRY.matcher("    Metrics.counter(\"vigie.x\").increment();").find())
        .isTrue();
    assertThat(
            GLOBAL_REGISTRY
                .matcher("import static io.micrometer.core.instrument.Metrics.globalRegistry;")
                .find())
        .isTrue();
    assertThat(GLOBAL_REGISTRY.matcher("    .register(registry);").find()).isFalse();
    assertThat(INGEST_COMMANDS.matcher("app/" + MAIN + "app/cli/IngestFeedsCommand.java").matches())
        .isTrue();
  }

  /** Every line of main code using the global registry, as {@code file:line: code}. */
  private static List<String> uses() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> uses = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
              String line = lines.get(i);
              if (!COMMENT.matcher(line).find() && GLOBAL_REGISTRY.matcher(line).find()) {
                uses.add(root.relativize(file) + ":" + (i + 1) + ": " + line.strip());
              }
            }
          }
        }
      }
    }
    return uses;
  }
}
