package io.vigie.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md documents exactly the keys the code defines. */
class ConfigurationDocTest {

  @Test
  void shouldDocumentEveryConfigurationKeyAsTheCodeDefinesIt() throws Exception {
    String doc =
        Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);

    assertThat(doc)
        .as("regenerate the table with: ./vigie config keys")
        .contains(ConfigCommand.markdown());
  }
}
