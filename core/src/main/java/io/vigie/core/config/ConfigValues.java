package io.vigie.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.types.Password;

/** The parsed values of the composed configuration, read by key with the key's type. */
public record ConfigValues(Map<String, Object> parsed) {

  public String string(String key) {
    return (String) parsed.get(key);
  }

  public int integer(String key) {
    return ((Number) parsed.get(key)).intValue();
  }

  public long longValue(String key) {
    return ((Number) parsed.get(key)).longValue();
  }

  public double doubleValue(String key) {
    return ((Number) parsed.get(key)).doubleValue();
  }

  public boolean bool(String key) {
    return (Boolean) parsed.get(key);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(String key) {
    return (List<String>) parsed.get(key);
  }

  /** A password-type value as it is (commas included), if set. */
  public Optional<String> password(String key) {
    return Optional.ofNullable(secret(key)).filter(v -> !v.isEmpty());
  }

  /** A comma-separated secret list, empty when unset. */
  public List<String> secrets(String key) {
    String value = secret(key);
    return value == null
        ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** A password-type value in clear, or null when unset. */
  public String secret(String key) {
    Password password = (Password) parsed.get(key);
    return password == null ? null : password.value();
  }

  /** A value as 'vigie config show' prints it. */
  public String shown(String key) {
    return String.valueOf(parsed.get(key));
  }
}
