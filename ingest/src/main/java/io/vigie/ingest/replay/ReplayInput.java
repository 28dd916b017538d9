package io.vigie.ingest.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.ingest.json.PostJson;
import io.vigie.schema.Post;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * A file to replay, read whole and put in event-time order: CrisisLex T6 CSV ({@code .csv}) or
 * Vigie's JSON posts, one per line ({@code .jsonl}, {@code .ndjson}), each optionally
 * gzip-compressed ({@code .gz}). Lines that cannot be read are kept, with their reason, to be
 * dead-lettered.
 */
public record ReplayInput(List<Post> posts, List<Unreadable> unreadable) {

  /** A line that is not a post, and why. */
  public record Unreadable(long line, byte[] content, String reason) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ReplayInput read(Path file, String defaultSource, Instant ingestedAt)
      throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    boolean gzip = name.endsWith(".gz");
    String base = gzip ? name.substring(0, name.length() - 3) : name;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
      if (base.endsWith(".csv")) {
        return crisisLex(in, ingestedAt);
      }
      if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) {
        return jsonLines(in, defaultSource, ingestedAt);
      }
    }
    throw new IOException(
        "Unknown format for "
            + file
            + ": expected .csv (CrisisLex T6), .jsonl or .ndjson, optionally .gz");
  }

  private static ReplayInput crisisLex(InputStream in, Instant ingestedAt) throws IOException {
    CrisisLexCsv.Contents contents =
        CrisisLexCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
    List<Post> posts =
        contents.rows().stream().map(row -> CrisisLexCsv.toPost(row, ingestedAt)).toList();
    List<Unreadable> unreadable =
        contents.rejected().stream()
            .map(
                r ->
                    new Unreadable(
                        r.line(), r.content().getBytes(StandardCharsets.UTF_8), r.reason()))
            .toList();
    return new ReplayInput(posts, unreadable);
  }

  private static ReplayInput jsonLines(InputStream in, String defaultSource, Instant ingestedAt)
      throws IOException {
    List<Post> posts = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    var decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16)) {
      long number = 0;
      for (String latin1; (latin1 = lines.readLine()) != null; ) {
        number++;
        // Read as bytes first (ISO-8859-1 maps each byte to one char) so that invalid UTF-8 is
        // reported, not replaced.
        byte[] bytes = latin1.getBytes(StandardCharsets.ISO_8859_1);
        if (latin1.isBlank()) {
          continue;
        }
        String line;
        try {
          line = decoder.decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
          unreadable.add(new Unreadable(number, bytes, "invalid UTF-8"));
          continue;
        }
        try {
          posts.add(PostJson.parse(JSON.readTree(line), ingestedAt, defaultSource));
        } catch (JsonProcessingException e) {
          unreadable.add(
              new Unreadable(number, bytes, "malformed JSON: " + e.getOriginalMessage()));
        } catch (InvalidPostException e) {
          unreadable.add(new Unreadable(number, bytes, e.getMessage()));
        }
      }
    }
    posts.sort(Comparator.comparing(Post::getCreatedAt));
    return new ReplayInput(posts, unreadable);
  }
}
