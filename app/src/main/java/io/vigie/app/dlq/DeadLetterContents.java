package io.vigie.app.dlq;

import io.vigie.schema.Alert;
import io.vigie.schema.EnrichedPost;
import io.vigie.schema.Post;
import io.vigie.schema.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** What a dead letter carries: its original key and value, decoded for reading. */
public final class DeadLetterContents {

  private DeadLetterContents() {}

  /** A Vigie record decoded, else the text, else the first bytes in hex. */
  public static String describe(byte[] value) {
    for (AvroSerde<?> serde :
        List.of(
            AvroSerde.of(Post.class),
            AvroSerde.of(EnrichedPost.class),
            AvroSerde.of(Alert.class))) {
      try {
        return serde.decode(value).toString();
      } catch (RuntimeException e) {
        // not this one
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(value))
          .toString();
    } catch (CharacterCodingException e) {
      byte[] head = Arrays.copyOf(value, Math.min(value.length, 256));
      return HexFormat.ofDelimiter(" ").formatHex(head) + (value.length > 256 ? " …" : "");
    }
  }

  /** The buffer's bytes, leaving the buffer as it was. */
  public static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  public static String text(ByteBuffer buffer) {
    return new String(bytes(buffer), StandardCharsets.UTF_8);
  }
}
