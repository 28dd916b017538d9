package io.vigie.ingest.replay;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.vigie.schema.Post;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads CrisisLex T6 files ({@code tweet id, tweet, label}, the id in single quotes) into posts
 * whose event time comes from the tweet's snowflake id. Lines that do not parse are returned as
 * {@link Rejected} with their line number and reason, never dropped.
 */
public final class CrisisLexCsv {

  /** A labelled tweet as the file gives it. */
  public record Row(long line, String id, String text, String label) {}

  /** A line that could not be read, and why. */
  public record Rejected(long line, String content, String reason) {}

  /** Everything read from one file: rows in event-time order, and the lines refused. */
  public record Contents(List<Row> rows, List<Rejected> rejected) {}

  public static final String LABEL_ATTRIBUTE = "crisislex.label";

  private static final CsvMapper CSV =
      CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY).build();

  private CrisisLexCsv() {}

  public static Contents read(Reader reader) throws IOException {
    List<Row> rows = new ArrayList<>();
    List<Rejected> rejected = new ArrayList<>();
    CsvSchema schema = CsvSchema.emptySchema().withSkipFirstDataRow(true);
    try (MappingIterator<List<String>> lines =
        CSV.readerForListOf(String.class).with(schema).readValues(reader)) {
      while (lines.hasNextValue()) {
        long line = lines.getCurrentLocation().getLineNr();
        List<String> fields = lines.nextValue();
        if (fields.size() != 3) {
          rejected.add(
              new Rejected(
                  line, String.join(",", fields), "expected 3 fields, found " + fields.size()));
          continue;
        }
        String id = fields.get(0).strip().replace("'", "");
        if (!id.matches("\\d{1,19}")) {
          rejected.add(
              new Rejected(
                  line, String.join(",", fields), "tweet id is not a number: " + fields.get(0)));
          continue;
        }
        rows.add(new Row(line, id, fields.get(1), fields.get(2).strip()));
      }
    }
    rows.sort(Comparator.comparing(row -> Snowflake.timestamp(Long.parseLong(row.id()))));
    return new Contents(rows, rejected);
  }

  /** The post a row stands for: a tweet, timed by its id, its label kept as an attribute. */
  public static Post toPost(Row row, Instant ingestedAt) {
    return Post.newBuilder()
        .setSource("twitter")
        .setId(row.id())
        .setText(row.text())
        .setCreatedAt(Snowflake.timestamp(Long.parseLong(row.id())))
        .setIngestedAt(ingestedAt)
        .setUrl("https://twitter.com/i/web/status/" + row.id())
        .setAttributes(Map.of(LABEL_ATTRIBUTE, row.label()))
        .build();
  }
}
