package io.vigie.devtools.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main code names the types it uses in its imports, where a reader sees a file's dependencies at a
 * glance, rather than inline ({@code new java.util.HashMap<>()}, {@code
 * io.vigie.alerts.watchdog.Watchdog.check(...)}), where a dependency can hide, even one running the
 * wrong way. Comments may still spell a name out.
 */
class QualifiedNamesTest {

  private static final Pattern INLINE_NAME =
      Pattern.compile(
          "(^|[^\\p{Alnum}_.\"/])(java|javax|jdk|org|com|io|co)\\.([a-z_][a-z0-9_]*\\.)+[A-Z]");
  private static final Pattern NOT_CODE = Pattern.compile("^\\s*(import |package |\\*|//|/\\*)");

  @Test
  void mainCodeImportsTheTypesItUsesInsteadOfNamingThemInline() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    List<String> inline = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> files = Files.walk(main)) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
              String line = lines.get(i);
              if (!NOT_CODE.matcher(line).find() && INLINE_NAME.matcher(line).find()) {
                inline.add(root.relativize(file) + ":" + (i + 1) + ": " + line.strip());
              }
            }
          }
        }
      }
    }

    assertThat(inline).as("inline qualified names in main code").isEmpty();
  }

  @Test
  void seesEveryModulesMainCode() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();

    assertThat(root.resolve("streams/src/main/java")).isDirectory();
    assertThat(root.resolve("ingest/src/main/java")).isDirectory();
    assertThat(root.resolve("core/src/main/java")).isDirectory();
    assertThat(root.resolve("indexer/src/main/java")).isDirectory();
    assertThat(root.resolve("alerts/src/main/java")).isDirectory();
    assertThat(INLINE_NAME.matcher("    var map = new java.util.HashMap<String, String>();").find())
        .isTrue();
    assertThat(INLINE_NAME.matcher("import java.util.HashMap;").find()).isTrue();
    assertThat(NOT_CODE.matcher("import java.util.HashMap;").find()).isTrue();
  }
}
