package io.vigie.schema.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Every released version of a record's schema, so that the current reader can decode messages
 * written by older producers. Versions live on the classpath as {@code
 * io/vigie/schema/history/<Record>/v<N>.avsc}, listed in {@code io/vigie/schema/history/<Record>/
 * versions}; the current schema is always known and need not be listed.
 */
public final class SchemaHistory {

  private static final String ROOT = "io/vigie/schema/history/";

  private final List<Schema> schemas;

  private SchemaHistory(List<Schema> schemas) {
    this.schemas = List.copyOf(schemas);
  }

  /** A history made of the given older schemas. */
  public static SchemaHistory of(Schema... olderSchemas) {
    return new SchemaHistory(List.of(olderSchemas));
  }

  /** The released versions of {@code recordName} shipped with this build. */
  public static SchemaHistory released(String recordName) {
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    String dir = ROOT + recordName + "/";
    List<Schema> found = new ArrayList<>();
    try (InputStream index = loader.getResourceAsStream(dir + "versions")) {
      if (index == null) {
        return new SchemaHistory(found);
      }
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String file = line.strip();
        if (file.isEmpty() || file.startsWith("#")) {
          continue;
        }
        try (InputStream schema = loader.getResourceAsStream(dir + file)) {
          if (schema == null) {
            throw new IllegalStateException("Schema history lists a missing file: " + dir + file);
          }
          found.add(new Schema.Parser().parse(schema));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema history of " + recordName, e);
    }
    return new SchemaHistory(found);
  }

  public List<Schema> schemas() {
    return schemas;
  }
}
