package io.vigie.core.config;

import org.apache.kafka.common.config.ConfigDef;

/**
 * A module's share of Vigie's configuration: it adds its keys (type, default, validator,
 * documentation) to the definition the launcher composes. The module then reads its parsed values
 * back through {@link ConfigValues}.
 */
@FunctionalInterface
public interface ConfigFragment {

  /** Adds this fragment's keys to the definition, in their documented order, and returns it. */
  ConfigDef define(ConfigDef definition);
}
