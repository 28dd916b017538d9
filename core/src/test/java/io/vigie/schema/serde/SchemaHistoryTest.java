package io.vigie.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigie.schema.AlertAction;
import io.vigie.schema.Post;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility check that guards released versions ({@link SchemaHistory#incompatibilities},
 * the one {@code SchemaContractTest} and the release tool run), and the release tool itself, on
 * changes a contributor might make to Post.
 */
class SchemaHistoryTest {

  private static final SchemaHistory POST = SchemaHistory.released("Post");

  @Test
  void shouldRefuseFieldAddedWithoutDefault() {
    Schema changed =
        withFields(
            Post.getClassSchema(),
            fields -> {
              fields.add(new Schema.Field("mood", Schema.create(Schema.Type.STRING), "Mood."));
              return fields;
            });

    assertThat(POST.incompatibilities(changed))
        .hasSameSizeAs(POST.versions())
        .allMatch(p -> p.contains("READER_FIELD_MISSING_DEFAULT_VALUE") && p.contains("mood"))
        .anyMatch(p -> p.startsWith("Post cannot read v1:"));
  }

  @Test
  void shouldRefuseFieldWhoseTypeChanged() {
    Schema changed =
        withFields(
            Post.getClassSchema(),
            fields -> replace(fields, "text", f -> field("text", Schema.create(Schema.Type.INT))));

    assertThat(POST.incompatibilities(changed)).anyMatch(p -> p.contains("TYPE_MISMATCH"));
  }

  @Test
  void shouldRefuseFieldRenamedWithoutAlias() {
    Schema changed =
        withFields(
            Post.getClassSchema(),
            fields -> replace(fields, "text", f -> field("body", f.schema())));

    assertThat(POST.incompatibilities(changed)).anyMatch(p -> p.contains("body"));
  }

  @Test
  void shouldAcceptFieldAddedWithDefaultAndFieldRenamedWithAlias() {
    Schema changed =
        withFields(
            Post.getClassSchema(),
            fields -> {
              replace(
                  fields,
                  "text",
                  f -> {
                    Schema.Field body = field("body", f.schema());
                    body.addAlias("text");
                    return body;
                  });
              fields.add(
                  new Schema.Field("mood", Schema.create(Schema.Type.STRING), "Mood.", "neutral"));
              return fields;
            });

    assertThat(POST.incompatibilities(changed)).isEmpty();
  }

  @Test
  void shouldAcceptEnumThatGainsASymbol() {
    String json =
        AlertAction.getClassSchema().toString().replace("\"REOPEN\"]", "\"REOPEN\",\"SILENCE\"]");
    Schema changed = new Schema.Parser().parse(json);
    assertThat(changed.getField("action").schema().getEnumSymbols()).contains("SILENCE");

    assertThat(SchemaHistory.released("AlertAction").incompatibilities(changed)).isEmpty();
  }

  @Test
  void shouldRefuseReleasedVersionAlteredAfterRelease(@TempDir Path root) throws IOException {
    Path post = Files.createDirectories(root.resolve("Post"));
    Files.writeString(
        post.resolve("versions"), "v1.avsc " + SchemaHistory.fingerprint(Post.getClassSchema()));
    Schema altered =
        withFields(Post.getClassSchema(), fields -> replace(fields, "text", f -> null));
    Files.writeString(post.resolve("v1.avsc"), altered.toString(true));

    assertThatThrownBy(() -> SchemaHistory.releasedIn(root, "Post"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Post/v1.avsc was altered");
  }

  @Test
  void shouldReleaseACompatibleChangeAsTheNextVersionOnce(@TempDir Path root) throws IOException {
    Schema v2 =
        withFields(
            Post.getClassSchema(),
            fields -> {
              fields.add(
                  new Schema.Field("mood", Schema.create(Schema.Type.STRING), "Mood.", "neutral"));
              return fields;
            });

    assertThat(SchemaRelease.release(root, List.of(Post.getClassSchema())))
        .containsExactly("Post: released v1");
    assertThat(SchemaRelease.release(root, List.of(v2))).containsExactly("Post: released v2");
    assertThat(SchemaRelease.release(root, List.of(v2)))
        .containsExactly("Post: unchanged since v2");

    SchemaHistory history = SchemaHistory.releasedIn(root, "Post");
    assertThat(history.versions()).containsExactly("v1", "v2");
    assertThat(history.schemas().get(1)).isEqualTo(v2);
  }

  @Test
  void shouldReleaseNothingWhenAChangeIsIncompatible(@TempDir Path root) throws IOException {
    SchemaRelease.release(root, List.of(Post.getClassSchema()));
    Schema breaking =
        withFields(
            Post.getClassSchema(),
            fields -> replace(fields, "text", f -> field("body", f.schema())));

    assertThatThrownBy(() -> SchemaRelease.release(root, List.of(breaking)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Nothing released")
        .hasMessageContaining("Post cannot read v1");
    assertThat(SchemaHistory.releasedIn(root, "Post").versions()).containsExactly("v1");
    assertThat(root.resolve("Post/v2.avsc")).doesNotExist();
  }

  private static Schema.Field field(String name, Schema schema) {
    return new Schema.Field(name, schema, "Changed.");
  }

  private static List<Schema.Field> replace(
      List<Schema.Field> fields, String name, UnaryOperator<Schema.Field> change) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).name().equals(name)) {
        Schema.Field next = change.apply(fields.get(i));
        if (next == null) {
          fields.remove(i);
        } else {
          fields.set(i, next);
        }
        return fields;
      }
    }
    throw new IllegalArgumentException("no field " + name);
  }

  /** {@code record} with its fields changed; every field is copied, as Avro requires. */
  private static Schema withFields(Schema record, UnaryOperator<List<Schema.Field>> change) {
    List<Schema.Field> fields = new ArrayList<>();
    record.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, change.apply(fields));
  }
}
