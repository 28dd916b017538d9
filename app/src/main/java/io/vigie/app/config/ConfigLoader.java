package io.vigie.app.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds a {@link VigieConfig} from four layers, each overriding the one before: the defaults, a
 * properties file, environment variables, and command-line flags. An environment variable {@code
 * VIGIE_TOPICS_PREFIX} sets {@code topics.prefix} ('.' and '-' become '_', upper case); {@code
 * VIGIE_KAFKA_SASL_MECHANISM} sets {@code kafka.sasl.mechanism}. Unknown keys are refused, naming
 * the layer they came from.
 */
public final class ConfigLoader {

  public static final String ENV_PREFIX = "VIGIE_";

  /**
   * Variables that are not configuration keys: read by the {@code vigie} script itself, or the
   * bearer token {@code vigie silence} sends to the alert API ({@code VIGIE_API_TOKEN}).
   */
  static final Set<String> LAUNCHER_VARIABLES =
      Set.of("VIGIE_JAVA_OPTS", "VIGIE_HOME", "VIGIE_LOG_LEVEL", "VIGIE_API_TOKEN");

  private ConfigLoader() {}

  public static VigieConfig load(
      Optional<Path> file, Map<String, String> environment, Map<String, String> flags) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (file.isPresent()) {
      merged.putAll(checked(readFile(file.get()), "file " + file.get()));
    }
    merged.putAll(checked(fromEnvironment(environment), "the environment"));
    merged.putAll(checked(flags, "--set"));
    return new VigieConfig(merged);
  }

  private static Map<String, String> readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("Configuration file " + file + " does not exist or is not a file");
    }
    Properties props = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("Cannot read configuration file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    props.stringPropertyNames().stream()
        .sorted()
        .forEach(key -> values.put(key, props.getProperty(key).strip()));
    return values;
  }

  /** The configuration keys set by {@code VIGIE_*} variables. */
  static Map<String, String> fromEnvironment(Map<String, String> environment) {
    Map<String, String> values = new LinkedHashMap<>();
    environment.entrySet().stream()
        .filter(e -> e.getKey().startsWith(ENV_PREFIX) && !LAUNCHER_VARIABLES.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> values.put(keyOf(e.getKey()), e.getValue()));
    return values;
  }

  static String keyOf(String variable) {
    String name = variable.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
    if (name.startsWith("kafka_")) {
      return VigieConfig.KAFKA_PREFIX + name.substring("kafka_".length()).replace('_', '.');
    }
    if (name.startsWith("elasticsearch_header_")) {
      return VigieConfig.ELASTICSEARCH_HEADER_PREFIX
          + name.substring("elasticsearch_header_".length()).replace('_', '-');
    }
    return VigieConfig.DEFINITION.names().stream()
        .filter(key -> key.replace('.', '_').replace('-', '_').equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    variable,
                    "(hidden)",
                    "environment variable names no configuration key"
                        + VigieConfig.suggestion(name.replace('_', '.'))));
  }

  private static Map<String, String> checked(Map<String, String> values, String origin) {
    for (String key : values.keySet()) {
      if (!VigieConfig.isKnown(key)) {
        throw new ConfigException(
            "Unknown configuration key '" + key + "' in " + origin + VigieConfig.suggestion(key));
      }
    }
    return values;
  }
}
