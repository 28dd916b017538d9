package io.vigie.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayInputTest {

  @TempDir Path dir;

  private Path file(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void outlineReadsOnlyTheTopLevelTimeOfEachLine() throws Exception {
    Path file =
        file(
            "a.jsonl",
            """
            {"author":{"created_at":"2030-01-01T00:00:00Z"},"created_at":"2026-11-22T10:00:00Z"}
            {"created_at":1795341660000,"text":"epoch millis"}
            not json at all

            {"id":"no time"}
            {"created_at":"2026-11-22T10:05:00Z"}\r
            """);

    ReplayInput.Outline outline = ReplayInput.outline(file).orElseThrow();

    assertThat(outline.timedLines()).isEqualTo(3);
    assertThat(outline.first()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(outline.last()).isEqualTo(Instant.parse("2026-11-22T10:05:00Z"));
    assertThat(outline.inEventTimeOrder()).isTrue();
  }

  @Test
  void outlineTellsAFileOutOfEventTimeOrder() throws Exception {
    Path file =
        file(
            "b.ndjson",
            "{\"created_at\":\"2026-11-22T10:05:00Z\"}\n{\"created_at\":\"2026-11-22T10:00:00Z\"}");

    assertThat(ReplayInput.outline(file).orElseThrow().inEventTimeOrder()).isFalse();
  }

  @Test
  void crisisLexFilesHaveNoOutlineBecauseTheyAreAlwaysSorted() throws Exception {
    assertThat(ReplayInput.outline(file("c.csv", "tweet id,tweet,label\n"))).isEmpty();
  }
}
