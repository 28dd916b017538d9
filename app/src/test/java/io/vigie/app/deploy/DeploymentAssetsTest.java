package io.vigie.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigie.alerts.dispatch.AlertRoutes;
import io.vigie.app.Vigie;
import io.vigie.app.cli.ExitCode;
import io.vigie.app.config.VigieConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment assets under {@code app/deploy} agree with the code they deploy: every {@code
 * VIGIE_*} variable is a configuration key, every container runs a real {@code vigie} command line,
 * probes ask the health endpoints the processes serve on the metrics port, the Streams state volume
 * is where the state directory points, and the routes parse. (No container engine runs here: the
 * images themselves are not built by the test suite.)
 */
class DeploymentAssetsTest {

  private static final Path DEPLOY = Path.of("deploy");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> documents(Path file) throws Exception {
    List<JsonNode> documents = new ArrayList<>();
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          documents.add(document);
        }
      }
    }
    return documents;
  }

  private static List<JsonNode> manifests() throws Exception {
    List<JsonNode> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(DEPLOY.resolve("k8s"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(documents(file));
      }
    }
    return all;
  }

  /** Every field named {@code name} anywhere in the tree, with its parent. */
  private static void walk(JsonNode node, String name, BiConsumer<JsonNode, JsonNode> each) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals(name)) {
                  each.accept(node, field.getValue());
                }
                walk(field.getValue(), name, each);
              });
    } else if (node.isArray()) {
      node.forEach(child -> walk(child, name, each));
    }
  }

  private static Set<String> environmentNames() {
    return VigieConfig.DEFINITION.names().stream()
        .map(key -> "VIGIE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'))
        .collect(Collectors.toSet());
  }

  private static void assertKnown(String variable) {
    if (variable.startsWith("VIGIE_KAFKA_") || variable.startsWith("VIGIE_ELASTICSEARCH_HEADER_")) {
      return; // pass-through to the clients
    }
    assertThat(environmentNames()).as("%s is a configuration key", variable).contains(variable);
  }

  private static int helpExit(List<String> args) {
    List<String> help = new ArrayList<>(args);
    help.add("--help");
    return Vigie.execute(
        help.toArray(String[]::new),
        Map.of(),
        new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
  }

  @Test
  void everyVariableOfTheComposeFileAndManifestsIsAConfigurationKey() throws Exception {
    List<String> variables = new ArrayList<>();
    for (JsonNode document : documents(DEPLOY.resolve("compose.yaml"))) {
      walk(
          document,
          "environment",
          (parent, env) -> env.fieldNames().forEachRemaining(variables::add));
    }
    for (JsonNode manifest : manifests()) {
      walk(manifest, "data", (parent, data) -> data.fieldNames().forEachRemaining(variables::add));
      walk(
          manifest,
          "env",
          (parent, env) -> env.forEach(e -> variables.add(e.get("name").asText())));
    }
    for (String line : Files.readAllLines(DEPLOY.resolve("Dockerfile"))) {
      for (String word : line.replace("\\", " ").split("\\s+")) {
        if (word.startsWith("VIGIE_") && word.contains("=")) {
          variables.add(word.substring(0, word.indexOf('=')));
        }
      }
    }
    List<String> vigie = variables.stream().filter(v -> v.startsWith("VIGIE_")).distinct().toList();

    assertThat(vigie)
        .contains("VIGIE_KAFKA_BOOTSTRAP_SERVERS", "VIGIE_METRICS_PORT", "VIGIE_STREAMS_STATE_DIR");
    vigie.forEach(DeploymentAssetsTest::assertKnown);
  }

  @Test
  void everyContainerRunsARealVigieCommandLine() throws Exception {
    List<List<String>> commands = new ArrayList<>();
    for (JsonNode document : documents(DEPLOY.resolve("compose.yaml"))) {
      document
          .path("services")
          .forEach(
              service -> {
                if (service.has("command")) {
                  List<String> command = new ArrayList<>();
                  service.get("command").forEach(arg -> command.add(arg.asText()));
                  commands.add(command);
                }
              });
    }
    for (JsonNode manifest : manifests()) {
      walk(
          manifest,
          "containers",
          (parent, containers) ->
              containers.forEach(
                  container -> {
                    List<String> command = new ArrayList<>();
                    container.path("args").forEach(arg -> command.add(arg.asText()));
                    commands.add(command);
                  }));
    }

    assertThat(commands).hasSizeGreaterThanOrEqualTo(8);
    for (List<String> command : commands) {
      assertThat(helpExit(command)).as("vigie %s --help", command).isEqualTo(ExitCode.OK.code());
    }
  }

  @Test
  void probesAskTheHealthEndpointsOnTheMetricsPortAndStateLivesOnItsVolume() throws Exception {
    Map<String, String> shared = new HashMap<>();
    List<JsonNode> containers = new ArrayList<>();
    JsonNode statefulSet = null;
    for (JsonNode manifest : manifests()) {
      if (manifest.path("kind").asText().equals("ConfigMap")
          && manifest.path("metadata").path("name").asText().equals("vigie-config")) {
        manifest
            .get("data")
            .fields()
            .forEachRemaining(f -> shared.put(f.getKey(), f.getValue().asText()));
      }
      if (manifest.path("kind").asText().equals("StatefulSet")) {
        statefulSet = manifest;
      }
      walk(manifest, "containers", (parent, list) -> list.forEach(containers::add));
    }
    assertThat(containers).hasSize(4);
    String metricsPort = shared.get("VIGIE_METRICS_PORT");
    for (JsonNode container : containers) {
      assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
      assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
      JsonNode metrics = null;
      for (JsonNode port : container.get("ports")) {
        if (port.path("name").asText().equals("metrics")) {
          metrics = port;
        }
      }
      assertThat(metrics).as("%s names its metrics port", container.get("name")).isNotNull();
      assertThat(metrics.get("containerPort").asText()).isEqualTo(metricsPort);
      assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("metrics");
    }
    assertThat(statefulSet).isNotNull();
    JsonNode streams = statefulSet.at("/spec/template/spec/containers/0");
    String stateDir = null;
    for (JsonNode e : streams.get("env")) {
      if (e.get("name").asText().equals("VIGIE_STREAMS_STATE_DIR")) {
        stateDir = e.get("value").asText();
      }
    }
    assertThat(streams.at("/volumeMounts/0/mountPath").asText()).isEqualTo(stateDir);
    assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText())
        .isEqualTo(streams.at("/volumeMounts/0/name").asText());
  }

  /**
   * The Jib image (mvn -Pimage package) and the Dockerfile set the same environment, port and state
   * volume, so that the manifests work with either.
   */
  @Test
  void theJibImageAndTheDockerfileDeclareTheSameEnvironmentPortAndVolume() throws Exception {
    Map<String, String> dockerfile = new HashMap<>();
    String docker = Files.readString(DEPLOY.resolve("Dockerfile"));
    java.util.regex.Matcher env =
        java.util.regex.Pattern.compile("([A-Z_]+)=(\\S+)").matcher(docker.replace("\\\n", " "));
    while (env.find()) {
      dockerfile.put(env.group(1), env.group(2));
    }
    var pom =
        javax.xml.parsers.DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(Path.of("pom.xml").toFile());
    var container = (org.w3c.dom.Element) pom.getElementsByTagName("container").item(0);
    var environment = (org.w3c.dom.Element) container.getElementsByTagName("environment").item(0);
    Map<String, String> jib = new HashMap<>();
    var children = environment.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof org.w3c.dom.Element variable) {
        jib.put(variable.getTagName(), variable.getTextContent().strip());
      }
    }

    assertThat(jib).isNotEmpty().isEqualTo(dockerfile);
    assertThat(container.getElementsByTagName("port").item(0).getTextContent())
        .isEqualTo(docker.replaceAll("(?s).*EXPOSE (\\d+).*", "$1"));
    assertThat(container.getElementsByTagName("volume").item(0).getTextContent())
        .isEqualTo(jib.get("VIGIE_STREAMS_STATE_DIR"));
  }

  /**
   * The console runs in both, beyond loopback behind the API tokens, and forwards responders'
   * actions to the alerts service's API: its address names that service and the port its API
   * listens on.
   */
  @Test
  void theConsoleIsDeployedBehindTheTokensAndActsThroughTheAlertsServicesApi() throws Exception {
    JsonNode services = documents(DEPLOY.resolve("compose.yaml")).get(0).get("services");
    JsonNode console = services.get("console");
    assertThat(console).as("a console service in compose").isNotNull();
    assertThat(console.get("command").get(0).asText()).isEqualTo("console");
    JsonNode env = console.get("environment");
    assertThat(env.get("VIGIE_API_TOKENS").asText()).startsWith("${VIGIE_API_TOKENS:?");
    assertThat(env.get("VIGIE_CONSOLE_API_URL").asText())
        .isEqualTo("http://alerts:" + services.at("/alerts/environment/VIGIE_API_PORT").asText());
    assertThat(console.get("ports").get(0).asText())
        .endsWith(":" + env.get("VIGIE_CONSOLE_PORT").asText());

    Map<String, JsonNode> byName = new HashMap<>();
    for (JsonNode manifest : manifests()) {
      byName.put(
          manifest.path("kind").asText() + "/" + manifest.at("/metadata/name").asText(), manifest);
    }
    JsonNode deployment = byName.get("Deployment/vigie-console");
    JsonNode service = byName.get("Service/vigie-console");
    assertThat(deployment).as("a console Deployment").isNotNull();
    assertThat(service).as("a console Service").isNotNull();
    JsonNode container = deployment.at("/spec/template/spec/containers/0");
    assertThat(container.at("/args/0").asText()).isEqualTo("console");
    Map<String, String> variables = new HashMap<>();
    container
        .get("env")
        .forEach(e -> variables.put(e.get("name").asText(), e.get("value").asText()));
    String alertsApiPort = null;
    for (JsonNode port : byName.get("Service/vigie-alerts").at("/spec/ports")) {
      if (port.get("name").asText().equals("api")) {
        alertsApiPort = port.get("port").asText();
      }
    }
    assertThat(variables.get("VIGIE_CONSOLE_API_URL"))
        .isEqualTo("http://vigie-alerts:" + alertsApiPort);
    assertThat(variables.get("VIGIE_CONSOLE_HOST")).isEqualTo("0.0.0.0");
    String name = "/app.kubernetes.io~1name";
    assertThat(service.at("/spec/selector" + name).asText())
        .isEqualTo(deployment.at("/spec/template/metadata/labels" + name).asText())
        .isEqualTo("vigie-console");
    boolean servesTheConsolePort = false;
    for (JsonNode port : service.at("/spec/ports")) {
      servesTheConsolePort |= port.get("port").asText().equals(variables.get("VIGIE_CONSOLE_PORT"));
    }
    assertThat(servesTheConsolePort).as("the Service exposes the console's port").isTrue();
    // Beyond loopback the console asks for a token; the tokens come from the secret, as the
    // alerts service's do.
    assertThat(container.at("/envFrom/1/secretRef/name").asText()).isEqualTo("vigie-secrets");
  }

  @Test
  void theExampleRoutesParse() throws Exception {
    assertThat(AlertRoutes.parse(Files.readString(DEPLOY.resolve("routes.example.json"))).routes())
        .extracting(r -> r.name())
        .contains("oncall", "platform");
    for (JsonNode manifest : manifests()) {
      if (manifest.at("/data/routes.json").isTextual()) {
        assertThat(AlertRoutes.parse(manifest.at("/data/routes.json").asText()).routes())
            .isNotEmpty();
      }
    }
  }
}
