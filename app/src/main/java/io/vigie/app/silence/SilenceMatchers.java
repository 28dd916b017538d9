package io.vigie.app.silence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A silence's matchers in one line, as the alert API names them. */
public final class SilenceMatchers {

  private SilenceMatchers() {}

  public static String of(JsonNode silence) {
    List<String> parts = new ArrayList<>();
    for (String field : List.of("watch_rule", "subject", "alert_id", "route", "kind")) {
      if (silence.hasNonNull(field)) {
        parts.add(field + "=" + silence.get(field).asText());
      }
    }
    if (silence.hasNonNull("severity")) {
      parts.add("severity<=" + silence.get("severity").asText());
    }
    return String.join(" ", parts);
  }
}
