package io.vigie.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.serde.SchemaHistory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The evolution rules of README "Contracts", checked on every schema Vigie ships. */
class SchemaContractTest {

  static Stream<Schema> contracts() {
    return Stream.of(
        Post.getClassSchema(),
        EnrichedPost.getClassSchema(),
        Signal.getClassSchema(),
        Alert.getClassSchema(),
        WatchRule.getClassSchema(),
        AlertAction.getClassSchema(),
        AlertSilence.getClassSchema(),
        AlertDelivery.getClassSchema(),
        Observation.getClassSchema(),
        IncidentEvent.getClassSchema(),
        DeadLetter.getClassSchema());
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
    for (Schema released : SchemaHistory.released(contract.getName()).schemas()) {
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(contract, released).getType())
          .as("%s can read %s", contract.getName(), released)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
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
