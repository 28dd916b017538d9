package io.vigie.core.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Validators the fragments share. */
public final class ConfigValidators {

  private ConfigValidators() {}

  /** A string value matching a regular expression (an unset value passes). */
  public static ConfigDef.Validator matching(String regex) {
    return ConfigDef.LambdaValidator.with(
        (name, value) -> {
          if (value != null && !value.toString().matches(regex)) {
            throw new ConfigException(name, value, "must match " + regex);
          }
        },
        () -> "matches " + regex);
  }
}
