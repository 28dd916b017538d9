package io.vigie.app.testing;

import io.vigie.app.config.ConfigLoader;
import io.vigie.app.config.VigieConfig;
import io.vigie.testkit.RealServers;
import java.util.Map;
import java.util.Optional;

/** The configuration integration tests run with. */
public final class TestConfig {

  private TestConfig() {}

  /**
   * Defaults plus the test kit's small heaps and long retention (and whatever VIGIE_* the
   * environment sets).
   */
  public static VigieConfig config() {
    return ConfigLoader.load(Optional.empty(), Map.of(), RealServers.TEST_SETTINGS);
  }
}
