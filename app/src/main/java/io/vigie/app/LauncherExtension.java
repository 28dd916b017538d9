package io.vigie.app;

import io.vigie.app.config.VigieConfig;
import io.vigie.core.LocalClusters;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What a module beside the product adds to the {@code vigie} launcher, found with {@link
 * ServiceLoader}: the dev tools add their commands (demo, stack, eval, train, bench, faults) and
 * find the local stack that {@code vigie stack up} left running. The product image has no
 * extension, so neither the commands nor the servers' jars are in it.
 */
public interface LauncherExtension {

  /**
   * Picocli commands: {@code @Command} classes or instances. The launcher lists them in its own
   * fixed order, by name.
   */
  List<Object> commands();

  /** The local stack that {@code vigie stack up} left running for this configuration, if any. */
  Optional<LocalClusters> runningLocalStack(VigieConfig config);

  /** The extensions on the class path, in class-path order. */
  static List<LauncherExtension> installed() {
    return ServiceLoader.load(LauncherExtension.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }
}
