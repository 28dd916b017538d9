package io.vigie.ingest.replay;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigie.ingest.json.InvalidPostException;
import io.vigie.ingest.json.PostJson;
import io.vigie.schema.Post;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A file to replay: CrisisLex T6 CSV ({@code .csv}) or Vigie's JSON posts, one per line ({@code
 * .jsonl}, {@code .ndjson}), each optionally gzip-compressed ({@code .gz}). Lines that cannot be
 * read are kept, with their reason, to be dead-lettered.
 *
 * <p>{@link #read} loads a whole file and sorts it by event time. JSON lines can also be streamed
 * ({@link #eachJsonLine}) once {@link #outline} has shown them in event-time order, as recordings
 * and generated files are: publishing then starts at once instead of after the whole file is
 * parsed.
 */
public record ReplayInput(List<Post> posts, List<Unreadable> unreadable) {

  /** A line that is not a post, and why. */
  public record Unreadable(long line, byte[] content, String reason) {}

  /** Receives the lines of a file, in file order. */
  public interface Sink {
    void post(Post post) throws InterruptedException;

    void unreadable(Unreadable line) throws InterruptedException;
  }

  /**
   * What a quick scan of a JSON lines file tells, reading nothing but each line's top-level {@code
   * created_at}: how many lines carry one, the earliest and latest, and whether they come in
   * event-time order. Lines without a readable time are left to the full parse, which refuses them;
   * the posts it keeps are a subset of the lines counted here, so their order and bounds hold.
   */
  public record Outline(long timedLines, Instant first, Instant last, boolean inEventTimeOrder) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory JSON_FACTORY = JSON.getFactory();

  public static ReplayInput read(Path file, String defaultSource, Instant ingestedAt)
      throws IOException {
    List<Post> posts = new ArrayList<>();
    List<Unreadable> unreadable = new ArrayList<>();
    Sink collect =
        new Sink() {
          @Override
          public void post(Post post) {
            posts.add(post);
          }

          @Override
          public void unreadable(Unreadable line) {
            unreadable.add(line);
          }
        };
    try {
      if (isCsv(file)) {
        crisisLex(file, ingestedAt, collect);
      } else {
        eachJsonLine(file, defaultSource, ingestedAt, collect);
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException("a collecting sink does not wait", e);
    }
    posts.sort(Comparator.comparing(Post::getCreatedAt)); // stable: file order among equal times
    return new ReplayInput(posts, unreadable);
  }

  /** The outline of a JSON lines file; empty for formats that are always sorted after reading. */
  public static Optional<Outline> outline(Path file) throws IOException {
    if (isCsv(file)) {
      return Optional.empty(); // CrisisLex files are small and not in snowflake order
    }
    long timed = 0;
    Instant first = null;
    Instant last = null;
    Instant previous = null;
    boolean ordered = true;
    try (InputStream in = open(file)) {
      LineSplitter lines = new LineSplitter(in);
      for (ByteBuffer line; (line = lines.next()) != null; ) {
        Instant time = createdAt(line);
        if (time == null) {
          continue;
        }
        timed++;
        first = first == null || time.isBefore(first) ? time : first;
        last = last == null || time.isAfter(last) ? time : last;
        ordered &= previous == null || !time.isBefore(previous);
        previous = time;
      }
    }
    return Optional.of(new Outline(timed, first, last, ordered));
  }

  /**
   * Parses each line of a JSON lines file, in file order. Lines are parsed from their bytes, as
   * Jackson checks the UTF-8 itself: invalid UTF-8 is reported, never replaced.
   */
  public static void eachJsonLine(Path file, String defaultSource, Instant ingestedAt, Sink sink)
      throws IOException, InterruptedException {
    try (InputStream in = open(file)) {
      LineSplitter lines = new LineSplitter(in);
      for (ByteBuffer line; (line = lines.next()) != null; ) {
        if (isBlank(line)) {
          continue;
        }
        long number = lines.number();
        try {
          Post post;
          try (JsonParser parser =
              JSON_FACTORY.createParser(
                  line.array(), line.arrayOffset() + line.position(), line.remaining())) {
            post = PostJson.parse(parser, ingestedAt, defaultSource);
          }
          sink.post(post);
        } catch (CharConversionException e) {
          sink.unreadable(new Unreadable(number, bytes(line), "invalid UTF-8: " + e.getMessage()));
        } catch (JsonProcessingException e) {
          String reason =
              e.getOriginalMessage().startsWith("Invalid UTF-8")
                  ? "invalid UTF-8: " + e.getOriginalMessage()
                  : "malformed JSON: " + e.getOriginalMessage();
          sink.unreadable(new Unreadable(number, bytes(line), reason));
        } catch (InvalidPostException e) {
          sink.unreadable(new Unreadable(number, bytes(line), e.getMessage()));
        }
      }
    }
  }

  private static boolean isBlank(ByteBuffer line) {
    for (int i = line.position(); i < line.limit(); i++) {
      byte b = line.get(i);
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static void crisisLex(Path file, Instant ingestedAt, Sink sink)
      throws IOException, InterruptedException {
    CrisisLexCsv.Contents contents;
    try (InputStream in = open(file)) {
      contents = CrisisLexCsv.read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    for (CrisisLexCsv.Rejected r : contents.rejected()) {
      sink.unreadable(
          new Unreadable(r.line(), r.content().getBytes(StandardCharsets.UTF_8), r.reason()));
    }
    for (CrisisLexCsv.Row row : contents.rows()) {
      sink.post(CrisisLexCsv.toPost(row, ingestedAt));
    }
  }

  static boolean isCsv(Path file) throws IOException {
    String base = baseName(file);
    if (base.endsWith(".csv")) {
      return true;
    }
    if (base.endsWith(".jsonl") || base.endsWith(".ndjson") || base.endsWith(".json")) {
      return false;
    }
    throw new IOException(
        "Unknown format for "
            + file
            + ": expected .csv (CrisisLex T6), .jsonl or .ndjson, optionally .gz");
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
  }

  private static InputStream open(Path file) throws IOException {
    InputStream raw = Files.newInputStream(file);
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")
        ? new GZIPInputStream(raw, 1 << 16)
        : raw;
  }

  /** The top-level {@code created_at} of a JSON line, or null when it has none readable. */
  private static Instant createdAt(ByteBuffer line) {
    try (JsonParser parser =
        JSON_FACTORY.createParser(
            line.array(), line.arrayOffset() + line.position(), line.remaining())) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken token; (token = parser.nextToken()) == JsonToken.FIELD_NAME; ) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("created_at".equals(field)) {
          if (value == JsonToken.VALUE_NUMBER_INT) {
            return Instant.ofEpochMilli(parser.getLongValue());
          }
          return value == JsonToken.VALUE_STRING ? Instant.parse(parser.getText()) : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException | DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  private static byte[] bytes(ByteBuffer line) {
    byte[] copy = new byte[line.remaining()];
    line.duplicate().get(copy);
    return copy;
  }

  /**
   * Splits a stream into lines of raw bytes (without the {@code \n} or {@code \r\n}), so that the
   * quick scan skips character decoding and the parse can report invalid UTF-8 with the line's
   * exact bytes.
   */
  static final class LineSplitter {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private boolean eof;
    private long number;

    LineSplitter(InputStream in) {
      this.in = in;
    }

    /** The next line, or null at the end; the buffer is valid until the next call. */
    ByteBuffer next() throws IOException {
      while (true) {
        for (int i = start; i < end; i++) {
          if (buffer[i] == '\n') {
            int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
            ByteBuffer line = ByteBuffer.wrap(buffer, start, lineEnd - start).slice();
            start = i + 1;
            number++;
            return line;
          }
        }
        if (eof) {
          if (start == end) {
            return null;
          }
          ByteBuffer line = ByteBuffer.wrap(buffer, start, end - start).slice();
          start = end;
          number++;
          return line;
        }
        fill();
      }
    }

    /** The 1-based number of the line last returned. */
    long number() {
      return number;
    }

    private void fill() throws IOException {
      if (start > 0) {
        System.arraycopy(buffer, start, buffer, 0, end - start);
        end -= start;
        start = 0;
      }
      if (end == buffer.length) {
        buffer = Arrays.copyOf(buffer, buffer.length * 2);
      }
      int read = in.read(buffer, end, buffer.length - end);
      if (read < 0) {
        eof = true;
      } else {
        end += read;
      }
    }
  }
}
