package io.vigie.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a JDK of at least a given feature version, for servers that need a newer Java than Vigie's
 * own (Elasticsearch 9 needs 21). Looks, in order, at an explicit folder, {@code ES_JAVA_HOME},
 * {@code JAVA_HOME}, the running JVM, then every JDK under {@code /usr/lib/jvm} and {@code
 * /Library/Java/JavaVirtualMachines}, newest first.
 */
public final class JavaRuntimes {

  /** A JDK folder and its feature version. */
  public record Runtime(Path home, int feature) {
    public Path java() {
      return home.resolve("bin").resolve("java");
    }
  }

  private JavaRuntimes() {}

  public static Runtime find(int minimumFeature, Optional<Path> explicit, Map<String, String> env) {
    List<Path> candidates = new ArrayList<>();
    explicit.ifPresent(candidates::add);
    Optional.ofNullable(env.get("ES_JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
    Optional.ofNullable(env.get("JAVA_HOME")).map(Path::of).ifPresent(candidates::add);
    candidates.add(Path.of(System.getProperty("java.home")));
    for (String root : List.of("/usr/lib/jvm", "/Library/Java/JavaVirtualMachines")) {
      candidates.addAll(installedUnder(Path.of(root)));
    }
    if (explicit.isPresent()) {
      Runtime chosen =
          describe(explicit.get())
              .orElseThrow(
                  () ->
                      new StackException(
                          explicit.get() + " is not a JDK (no bin/java and release file)."));
      if (chosen.feature() < minimumFeature) {
        throw new StackException(
            explicit.get()
                + " is Java "
                + chosen.feature()
                + "; Java "
                + minimumFeature
                + " or newer is needed.");
      }
      return chosen;
    }
    List<Runtime> found =
        candidates.stream()
            .distinct()
            .map(JavaRuntimes::describe)
            .flatMap(Optional::stream)
            .toList();
    return found.stream()
        .filter(r -> r.feature() >= minimumFeature)
        .findFirst()
        .orElseThrow(
            () ->
                new StackException(
                    "No JDK "
                        + minimumFeature
                        + "+ found (looked at "
                        + found.stream().map(r -> r.home() + " = " + r.feature()).toList()
                        + "). Install one (e.g. apt-get install openjdk-21-jdk-headless, or Temurin 21+) and set ES_JAVA_HOME,"
                        + " or set stack.elasticsearch.java-home."));
  }

  private static List<Path> installedUnder(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> children = Files.list(root)) {
      return children
          .map(p -> Files.isDirectory(p.resolve("Contents/Home")) ? p.resolve("Contents/Home") : p)
          .sorted(
              (a, b) ->
                  Integer.compare(
                      describe(b).map(Runtime::feature).orElse(0),
                      describe(a).map(Runtime::feature).orElse(0)))
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The JDK at {@code home}, from its {@code release} file, when it has an executable java. */
  static Optional<Runtime> describe(Path home) {
    Path release = home.resolve("release");
    if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(release)) {
      props.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    String version = props.getProperty("JAVA_VERSION", "").replace("\"", "");
    if (version.isEmpty()) {
      return Optional.empty();
    }
    String[] parts = version.split("[.+-]");
    try {
      int feature = Integer.parseInt(parts[0]);
      if (feature == 1 && parts.length > 1) {
        feature = Integer.parseInt(parts[1]); // 1.8 style
      }
      return Optional.of(new Runtime(home.toRealPath(), feature));
    } catch (NumberFormatException | IOException e) {
      return Optional.empty();
    }
  }
}
