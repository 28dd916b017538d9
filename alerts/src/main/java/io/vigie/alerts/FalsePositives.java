package io.vigie.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigie.schema.AlertAction;
import io.vigie.schema.AlertActionKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts people marked as false positives, exported from the alert-actions topic to a JSON
 * lines file ({@code alert_id}, {@code actor}, {@code acted_at}, {@code comment}) that {@code vigie
 * backtest --false-positives} reads: a replay of the same history gives the same alert ids, so
 * users see which past alerts they rejected while they tune their rules.
 */
public final class FalsePositives {

  /** Who rejected an alert, when, and why. */
  public record Mark(String alertId, String actor, Instant actedAt, String comment) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Mark> marks = new LinkedHashMap<>();

  /** The marks standing after these actions, in order: a later reopen takes a mark back. */
  public static FalsePositives of(Iterable<AlertAction> actions) {
    FalsePositives result = new FalsePositives();
    for (AlertAction action : actions) {
      if (action.getAction() == AlertActionKind.FALSE_POSITIVE) {
        result.marks.put(
            action.getAlertId(),
            new Mark(
                action.getAlertId(), action.getActor(), action.getActedAt(), action.getComment()));
      } else if (action.getAction() == AlertActionKind.REOPEN) {
        result.marks.remove(action.getAlertId());
      }
    }
    return result;
  }

  public static FalsePositives read(Path file) throws IOException {
    FalsePositives result = new FalsePositives();
    int number = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.hasNonNull("alert_id") || !node.hasNonNull("acted_at")) {
        throw new IllegalArgumentException(
            file + " line " + number + ": expected {\"alert_id\", \"actor\", \"acted_at\", ...}");
      }
      Mark mark =
          new Mark(
              node.get("alert_id").asText(),
              node.path("actor").asText(""),
              Instant.parse(node.get("acted_at").asText()),
              node.hasNonNull("comment") ? node.get("comment").asText() : null);
      result.marks.put(mark.alertId(), mark);
    }
    return result;
  }

  public void write(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    for (Mark mark : marks.values()) {
      ObjectNode node = JSON.createObjectNode();
      node.put("alert_id", mark.alertId());
      node.put("actor", mark.actor());
      node.put("acted_at", mark.actedAt().toString());
      if (mark.comment() != null) {
        node.put("comment", mark.comment());
      }
      try {
        lines.add(JSON.writeValueAsString(node));
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  public Optional<Mark> of(String alertId) {
    return Optional.ofNullable(marks.get(alertId));
  }

  public int size() {
    return marks.size();
  }
}
