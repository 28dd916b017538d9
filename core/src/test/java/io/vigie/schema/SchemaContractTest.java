package io.vigie.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.serde.SchemaHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The evolution rules of docs/contracts.md, checked on every schema Vigie ships. */
class SchemaContractTest {

  static Stream<Schema> contracts() {
    return Contracts.current().stream();
  }

  @Test
  void shouldTreatEveryShippedSchemaAsAContract() throws IOException {
    // Each top-level .avsc is named after its record; one missing from Contracts would ship
    // without ever being released, and a change to it would strand its records in Kafka.
    Set<String> shipped;
    try (Stream<Path> files = Files.walk(Path.of("src/main/avro"))) {
      shipped =
          files
              .map(f -> f.getFileName().toString())
              .filter(f -> f.endsWith(".avsc"))
              .map(f -> f.substring(0, f.length() - ".avsc".length()))
              .collect(Collectors.toSet());
    }
    assertThat(shipped).isNotEmpty();
    assertThat(contracts().map(Schema::getName))
        .as(
            "every .avsc under src/main/avro is listed in Contracts.current() and released"
                + " (docs/contracts.md, 'Releasing a version')")
        .containsExactlyInAnyOrderElementsOf(shipped);
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldReleaseEveryContract(Schema contract) {
    assertThat(SchemaHistory.released(contract.getName()).versions())
        .as("released versions of %s (docs/contracts.md says how to release)", contract.getName())
        .isNotEmpty()
        .startsWith("v1");
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldDocumentEveryRecordAndField(Schema contract) {
    List<String> undocumented = new ArrayList<>();
    visit(
        contract,
        new HashSet<>(),
        s -> {
          if (s.getType() == Schema.Type.RECORD) {
            if (blank(s.getDoc())) {
              undocumented.add(s.getFullName());
            }
            s.getFields().stream()
                .filter(f -> blank(f.doc()))
                .forEach(f -> undocumented.add(s.getName() + "." + f.name()));
          }
        });
    assertThat(undocumented).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldGiveEveryEnumADefaultSymbolSoItMayGrow(Schema contract) {
    List<String> withoutDefault = new ArrayList<>();
    visit(
        contract,
        new HashSet<>(),
        s -> {
          if (s.getType() == Schema.Type.ENUM && s.getEnumDefault() == null) {
            withoutDefault.add(s.getFullName());
          }
        });
    assertThat(withoutDefault).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void shouldReadEveryReleasedVersionWithTheCurrentSchema(Schema contract) {
    SchemaHistory released = SchemaHistory.released(contract.getName());

    assertThat(released.schemas()).isNotEmpty();
    assertThat(released.incompatibilities(contract)).isEmpty();
  }

  private static boolean blank(String doc) {
    return doc == null || doc.isBlank();
  }

  private static void visit(
      Schema schema, Set<String> seen, java.util.function.Consumer<Schema> action) {
    switch (schema.getType()) {
      case RECORD -> {
        if (seen.add(schema.getFullName())) {
          action.accept(schema);
          schema.getFields().forEach(f -> visit(f.schema(), seen, action));
        }
      }
      case ENUM -> {
        if (seen.add(schema.getFullName())) {
          action.accept(schema);
        }
      }
      case UNION -> schema.getTypes().forEach(t -> visit(t, seen, action));
      case ARRAY -> visit(schema.getElementType(), seen, action);
      case MAP -> visit(schema.getValueType(), seen, action);
      default -> {}
    }
  }
}
