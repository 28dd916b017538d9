package io.vigie.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateOutputTest {

  /** Texts a post can hold, each a case of modified UTF-8. */
  private static final List<String> TEXTS =
      List.of(
          "",
          "plain ascii #marathon @bpd",
          "Très inquiétant, l'évacuation à Saint-Étienne", // Latin-1, two bytes each
          "флуд и паника", // Cyrillic, two bytes
          "오늘 홍수 경보", // Hangul, three bytes with lead 0xED for some
          "\u200F\u05E9\u05DC\u05D5\u05DD \u200D", // RTL mark, Hebrew, zero-width joiner
          "flood 🌊🙏🏽 👨‍👩‍👧", // beyond the BMP: surrogate pairs, six bytes in modified UTF-8
          "nul\u0000inside", // U+0000: two bytes in modified UTF-8
          "lone \uD83D surrogate", // an unpaired surrogate, as a String may hold
          "x".repeat(65535));

  private static void writeAll(DataOutput out) throws IOException {
    out.writeByte(2);
    out.writeBoolean(true);
    out.writeShort(-3);
    out.writeInt(123_456_789);
    out.writeLong(Long.MIN_VALUE + 7);
    out.writeDouble(Math.PI);
    out.writeFloat(2.5f);
    out.writeChar('é');
    out.write(new byte[] {1, 2, 3}, 1, 2);
    for (String text : TEXTS) {
      out.writeUTF(text);
    }
  }

  private static byte[] withDataOutputStream() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeAll(out);
    }
    return bytes.toByteArray();
  }

  @Test
  void writesExactlyTheBytesOfDataOutputStreamSoThatStoredStatesStillRead() throws IOException {
    StateOutput out = new StateOutput();
    writeAll(out);
    assertThat(out.take()).isEqualTo(withDataOutputStream());
  }

  @Test
  void readsBackEveryValueWrittenByEitherWriter() throws IOException {
    StateOutput out = new StateOutput();
    writeAll(out);
    for (byte[] bytes : List.of(out.take(), withDataOutputStream())) {
      StateInput in = new StateInput(bytes);
      assertThat(in.readByte()).isEqualTo((byte) 2);
      assertThat(in.readBoolean()).isTrue();
      assertThat(in.readShort()).isEqualTo((short) -3);
      assertThat(in.readInt()).isEqualTo(123_456_789);
      assertThat(in.readLong()).isEqualTo(Long.MIN_VALUE + 7);
      assertThat(in.readDouble()).isEqualTo(Math.PI);
      assertThat(in.readFloat()).isEqualTo(2.5f);
      assertThat(in.readChar()).isEqualTo('é');
      byte[] two = new byte[2];
      in.readFully(two);
      assertThat(two).containsExactly(2, 3);
      for (String text : TEXTS) {
        assertThat(in.readUTF()).isEqualTo(text);
      }
      // and DataInputStream agrees on what StateOutput wrote
      DataInputStream reference = new DataInputStream(new ByteArrayInputStream(bytes));
      reference.skipBytes(2 + 2 + 4 + 8 + 8 + 4 + 2 + 2);
      for (String text : TEXTS) {
        assertThat(reference.readUTF()).isEqualTo(text);
      }
    }
  }

  @Test
  void refusesATextOverTheLengthDataOutputCanRecordAndKeepsWhatCameBefore() throws IOException {
    StateOutput out = new StateOutput();
    out.writeInt(42);
    assertThatThrownBy(() -> out.writeUTF("é".repeat(40_000)))
        .isInstanceOf(UTFDataFormatException.class)
        .hasMessageContaining("over 65535");
    assertThatThrownBy(() -> out.writeUTF("🌊".repeat(20_000)))
        .isInstanceOf(UTFDataFormatException.class);
    assertThat(out.take()).containsExactly(0, 0, 0, 42);
  }

  @Test
  void aTruncatedStateIsAnEndOfFileNotGarbage() throws IOException {
    StateOutput out = new StateOutput();
    out.writeUTF("flood warning");
    out.writeLong(9);
    byte[] bytes = out.take();
    StateInput in = new StateInput(Arrays.copyOf(bytes, bytes.length - 3));
    assertThat(in.readUTF()).isEqualTo("flood warning");
    assertThatThrownBy(in::readLong).isInstanceOf(EOFException.class).hasMessageContaining("ends");
  }

  @Test
  void aReusedOutputStartsEmptyAfterTakeAndAfterAHugeState() throws IOException {
    StateOutput out = new StateOutput();
    out.write(new byte[200_000]);
    assertThat(out.take()).hasSize(200_000);
    out.writeShort(1);
    assertThat(out.take()).containsExactly(0, 1);
  }
}
