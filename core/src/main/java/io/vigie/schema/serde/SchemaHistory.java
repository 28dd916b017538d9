package io.vigie.schema.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaNormalization;

/**
 * Every released version of a record's schema, so that the current reader can decode messages
 * written by older producers. Versions live on the classpath as {@code
 * io/vigie/schema/history/<Record>/v<N>.avsc}, listed oldest first in {@code
 * io/vigie/schema/history/<Record>/versions} as {@code v<N>.avsc <fingerprint>}. The fingerprint is
 * the one Avro's single-object encoding puts in every message (CRC-64 of the parsing canonical
 * form): a released file whose fingerprint no longer matches was altered after release, and would
 * no longer match the records written with it, so loading it fails.
 */
public final class SchemaHistory {

  /** Where released versions live, on the classpath and under {@code src/main/resources}. */
  public static final String ROOT = "io/vigie/schema/history/";

  public static final String INDEX = "versions";

  private final List<String> versions;
  private final List<Schema> schemas;

  private SchemaHistory(List<String> versions, List<Schema> schemas) {
    this.versions = List.copyOf(versions);
    this.schemas = List.copyOf(schemas);
  }

  /** A history made of the given older schemas, named v1, v2… in that order. */
  public static SchemaHistory of(Schema... olderSchemas) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= olderSchemas.length; i++) {
      names.add("v" + i);
    }
    return new SchemaHistory(names, List.of(olderSchemas));
  }

  /** The released versions of {@code recordName} shipped with this build. */
  public static SchemaHistory released(String recordName) {
    ClassLoader loader = SchemaHistory.class.getClassLoader();
    return load(recordName, file -> loader.getResourceAsStream(ROOT + recordName + "/" + file));
  }

  /** The released versions of {@code recordName} in a history folder (the release tool's view). */
  public static SchemaHistory releasedIn(Path historyRoot, String recordName) {
    Path dir = historyRoot.resolve(recordName);
    return load(
        recordName,
        file -> {
          Path path = dir.resolve(file);
          try {
            return Files.isRegularFile(path) ? Files.newInputStream(path) : null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private interface Opener {
    InputStream open(String file) throws IOException;
  }

  private static SchemaHistory load(String recordName, Opener opener) {
    List<String> names = new ArrayList<>();
    List<Schema> found = new ArrayList<>();
    try (InputStream index = opener.open(INDEX)) {
      if (index == null) {
        return new SchemaHistory(names, found);
      }
      for (String line : new String(index.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String entry = line.strip();
        if (entry.isEmpty() || entry.startsWith("#")) {
          continue;
        }
        String[] parts = entry.split("\\s+");
        if (parts.length != 2) {
          throw new IllegalStateException(
              "Schema history of " + recordName + ": expected 'v<N>.avsc <fingerprint>': " + entry);
        }
        try (InputStream in = opener.open(parts[0])) {
          if (in == null) {
            throw new IllegalStateException(
                "Schema history of " + recordName + " lists a missing file: " + parts[0]);
          }
          Schema schema = new Schema.Parser().parse(in);
          if (!fingerprint(schema).equals(parts[1])) {
            throw new IllegalStateException(
                "Released schema "
                    + recordName
                    + "/"
                    + parts[0]
                    + " was altered: its fingerprint is "
                    + fingerprint(schema)
                    + ", released as "
                    + parts[1]
                    + ". Released versions are frozen; release a new version instead.");
          }
          names.add(parts[0].replaceFirst("\\.avsc$", ""));
          found.add(schema);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read schema history of " + recordName, e);
    }
    return new SchemaHistory(names, found);
  }

  /** The fingerprint a single-object-encoded message written with {@code schema} carries. */
  public static String fingerprint(Schema schema) {
    return HexFormat.of().toHexDigits(SchemaNormalization.parsingFingerprint64(schema));
  }

  /** Released versions, oldest first. */
  public List<Schema> schemas() {
    return schemas;
  }

  /** The released versions' names ({@code v1}, {@code v2}…), in the order of {@link #schemas()}. */
  public List<String> versions() {
    return versions;
  }

  /** Whether {@code schema} writes exactly what one released version writes. */
  public boolean contains(Schema schema) {
    String wanted = fingerprint(schema);
    return schemas.stream().anyMatch(s -> fingerprint(s).equals(wanted));
  }

  /**
   * Why {@code reader} cannot decode records written with each released version, one line per
   * problem; empty when it reads them all (Avro's reader/writer resolution rules: a field added
   * needs a default, a renamed one an alias naming the old name, a type may only be promoted).
   */
  public List<String> incompatibilities(Schema reader) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < schemas.size(); i++) {
      SchemaPairCompatibility result =
          SchemaCompatibility.checkReaderWriterCompatibility(reader, schemas.get(i));
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        String version = versions.get(i);
        result
            .getResult()
            .getIncompatibilities()
            .forEach(
                problem ->
                    problems.add(
                        reader.getName()
                            + " cannot read "
                            + version
                            + ": "
                            + problem.getType()
                            + " at "
                            + problem.getLocation()
                            + " ("
                            + problem.getMessage()
                            + ")"));
      }
    }
    return problems;
  }
}
