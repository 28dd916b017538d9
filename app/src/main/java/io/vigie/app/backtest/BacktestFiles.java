package io.vigie.app.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.app.watch.WatchRules;
import io.vigie.schema.WatchRule;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** What a backtest reads and writes besides the history: its rules, its JSON lines. */
public final class BacktestFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BacktestFiles() {}

  /** A count series starts (after an optional header) with {@code timestamp,number}. */
  public static boolean isCountSeries(Path file) throws IOException {
    String name = file.getFileName().toString();
    if (name.endsWith(".gz") || name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return false;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      for (String line : lines.limit(3).toList()) {
        String[] fields = line.split(",");
        if (fields.length == 2 && fields[1].strip().matches("-?[0-9]+(\\.[0-9]+)?")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The rules of a JSON array as {@code vigie watch export} writes it; none without a file. A file
   * that is not such an array is an {@link IllegalArgumentException}.
   */
  public static List<WatchRule> readRules(Path rules) throws IOException {
    List<WatchRule> parsed = new ArrayList<>();
    if (rules == null) {
      return parsed;
    }
    JsonNode array = JSON.readTree(Files.readString(rules, StandardCharsets.UTF_8));
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException(rules + ": expected a JSON array of rules");
    }
    for (JsonNode node : array) {
      parsed.add(WatchRules.fromJson(node, Instant.now()));
    }
    return parsed;
  }

  /** One JSON line per record. */
  public static void writeJsonLines(Path file, List<? extends SpecificRecord> records)
      throws IOException {
    try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (var record : records) {
        writer.write(RecordJson.line(record));
        writer.write('\n');
      }
    }
  }
}
