package io.vigie.schema.serde;

import io.vigie.schema.Contracts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Releases the current version of every contract whose schema changed since its last release:
 * writes {@code <Record>/v<N+1>.avsc} (the whole schema, named types inlined, so it parses on its
 * own) and appends it with its fingerprint to {@code <Record>/versions}. It refuses, writing
 * nothing, when a current schema cannot read a released version, with the same check as {@code
 * SchemaContractTest}. Contracts whose current schema is already released are left alone, so
 * running it twice releases nothing the second time. Run from the repository root with {@code mvn
 * -q -B -pl core clean test-compile exec:java@release-schemas} (see docs/contracts.md): {@code
 * clean} because the Avro plugin regenerates only the classes whose own file changed, and a record
 * that embeds a changed one (EnrichedPost embeds Post) would otherwise be released stale.
 */
public final class SchemaRelease {

  private SchemaRelease() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SchemaRelease <schema history folder>");
    }
    release(Path.of(args[0]), Contracts.current()).forEach(System.out::println);
  }

  /** Releases what changed among {@code contracts} into {@code root}; one line per contract. */
  static List<String> release(Path root, List<Schema> contracts) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Schema contract : contracts) {
      problems.addAll(
          SchemaHistory.releasedIn(root, contract.getName()).incompatibilities(contract));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "Nothing released: these changes would make records already in Kafka unreadable:\n  "
              + String.join("\n  ", problems));
    }
    List<String> report = new ArrayList<>();
    for (Schema contract : contracts) {
      String name = contract.getName();
      SchemaHistory history = SchemaHistory.releasedIn(root, name);
      if (history.contains(contract)) {
        report.add(
            name + ": unchanged since " + history.versions().get(history.versions().size() - 1));
        continue;
      }
      String version = "v" + (history.schemas().size() + 1);
      Path dir = Files.createDirectories(root.resolve(name));
      Files.writeString(dir.resolve(version + ".avsc"), contract.toString(true) + "\n");
      Files.writeString(
          dir.resolve(SchemaHistory.INDEX),
          version + ".avsc " + SchemaHistory.fingerprint(contract) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      report.add(name + ": released " + version);
    }
    return report;
  }
}
