package io.vigie.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigie.schema.Post;
import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrisisLexCsvTest {

  private static final String FILE =
      "tweet id, tweet, label\n"
          + "'325208201740029952',\"Funny how I got twenty minutes of sleep, \"\"really\"\"\",off-topic\n"
          + "'323869587231453184',\"Smoke after blast near marathon finish line\",on-topic\n"
          + "'not-a-number',\"broken\",on-topic\n";

  @Test
  void shouldReadRowsInEventTimeOrderAndRejectBadLines() throws Exception {
    CrisisLexCsv.Contents contents = CrisisLexCsv.read(new StringReader(FILE));

    assertThat(contents.rows())
        .extracting(CrisisLexCsv.Row::id)
        .containsExactly("323869587231453184", "325208201740029952");
    assertThat(contents.rows().get(1).text())
        .isEqualTo("Funny how I got twenty minutes of sleep, \"really\"");
    assertThat(contents.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.reason()).contains("not a number");
              assertThat(r.line()).isEqualTo(4);
            });
  }

  @Test
  void shouldTimePostFromSnowflakeIdAndKeepLabel() throws Exception {
    CrisisLexCsv.Row row = CrisisLexCsv.read(new StringReader(FILE)).rows().get(0);

    Post post = CrisisLexCsv.toPost(row, Instant.EPOCH);

    // (323869587231453184 >> 22) + 1288834974657 ms
    assertThat(post.getCreatedAt()).isEqualTo(Instant.parse("2013-04-15T18:45:01.458Z"));
    assertThat(post.getAttributes()).containsEntry("crisislex.label", "on-topic");
    assertThat(post.getSource()).isEqualTo("twitter");
  }
}
