package io.vigie.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimesTest {

  @TempDir Path dir;

  private Path fakeJdk(String name, String version) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    Files.writeString(java, "#!/bin/sh\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(
        home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
    return home;
  }

  @Test
  void shouldReadFeatureVersionFromReleaseFile() throws Exception {
    assertThat(JavaRuntimes.describe(fakeJdk("jdk25", "25.0.1")).orElseThrow().feature())
        .isEqualTo(25);
    assertThat(JavaRuntimes.describe(fakeJdk("jdk8", "1.8.0_402")).orElseThrow().feature())
        .isEqualTo(8);
    assertThat(JavaRuntimes.describe(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void shouldPreferEsJavaHomeWhenRecentEnough() throws Exception {
    Path jdk21 = fakeJdk("jdk21", "21.0.5");

    JavaRuntimes.Runtime found =
        JavaRuntimes.find(21, Optional.empty(), Map.of("ES_JAVA_HOME", jdk21.toString()));

    assertThat(found.home()).isEqualTo(jdk21.toRealPath());
  }

  @Test
  void shouldRefuseExplicitJdkThatIsTooOldAndSaySo() throws Exception {
    Path jdk17 = fakeJdk("jdk17", "17.0.15");

    assertThatThrownBy(() -> JavaRuntimes.find(21, Optional.of(jdk17), Map.of()))
        .isInstanceOf(StackException.class)
        .hasMessageContaining("Java 17")
        .hasMessageContaining("21 or newer");
  }
}
