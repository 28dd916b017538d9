package io.vigie.ingest.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.json.PostJson;
import io.vigie.schema.Post;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Generated traffic as files: the posts as JSON lines (gzipped when the name ends in {@code .gz}),
 * ready for {@code vigie ingest replay}, and the planted episodes as a ground-truth JSON-lines
 * file.
 */
public final class GeneratedFiles {

  private GeneratedFiles() {}

  /**
   * The ground-truth file next to {@code posts}: its name without extension, {@code .truth.jsonl}.
   */
  public static Path truthFileFor(Path posts) {
    return posts.resolveSibling(
        posts.getFileName().toString().replaceAll("\\.jsonl(\\.gz)?$", "") + ".truth.jsonl");
  }

  public static void write(ScenarioGenerator.Generated generated, Path posts, Path truth)
      throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    try (OutputStream raw = Files.newOutputStream(posts);
        OutputStream sink = posts.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
        Writer writer = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8))) {
      for (Post post : generated.posts()) {
        writer.write(mapper.writeValueAsString(PostJson.toJson(post, mapper)));
        writer.write('\n');
      }
    }
    try (Writer writer = Files.newBufferedWriter(truth, StandardCharsets.UTF_8)) {
      for (ScenarioGenerator.GroundTruth planted : generated.truth()) {
        writer.write(mapper.writeValueAsString(planted.toJson(mapper)));
        writer.write('\n');
      }
    }
  }
}
