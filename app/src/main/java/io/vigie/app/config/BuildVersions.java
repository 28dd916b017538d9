package io.vigie.app.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Versions written into the launcher by the Maven build ({@code io/vigie/app/versions.properties}).
 */
public final class BuildVersions {

  private static final Properties VERSIONS = load();

  private BuildVersions() {}

  public static String get(String key) {
    String value = VERSIONS.getProperty(key);
    if (value == null || value.startsWith("${")) {
      throw new IllegalStateException("Build version '" + key + "' is missing: rebuild with Maven");
    }
    return value;
  }

  private static Properties load() {
    Properties props = new Properties();
    try (InputStream in =
        BuildVersions.class.getResourceAsStream("/io/vigie/app/versions.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return props;
  }
}
