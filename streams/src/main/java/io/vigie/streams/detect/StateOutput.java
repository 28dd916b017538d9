package io.vigie.streams.detect;

import static io.vigie.streams.detect.BigEndianViews.INTS;
import static io.vigie.streams.detect.BigEndianViews.LONGS;
import static io.vigie.streams.detect.BigEndianViews.SHORTS;

import java.io.DataOutput;
import java.io.UTFDataFormatException;
import java.util.Arrays;
import net.jpountz.lz4.LZ4Compressor;

/**
 * The bytes {@link java.io.DataOutputStream} would write, into a growable array without its
 * per-call locking and with strings encoded in bulk. A stream thread serialises a detector state of
 * about 4 KB at every observation, and {@code DataOutputStream.writeUTF} over a {@code
 * ByteArrayOutputStream} was a third of detection's time in a profile (a synchronised write per
 * value, a char-by-char loop per string). The format is byte for byte {@code DataOutput}'s, so
 * states stored before read back unchanged.
 */
final class StateOutput implements DataOutput {

  /** Above this, a buffer is dropped after use rather than kept for the thread's next state. */
  private static final int KEPT = 64 * 1024;

  private static final int INITIAL = 8 * 1024;

  private byte[] buffer = new byte[INITIAL];
  private byte[] scratch = new byte[INITIAL];
  private int size;

  int size() {
    return size;
  }

  /** Writes {@code value} over the four bytes at {@code at}, as {@link #writeInt} would. */
  void patchInt(int at, int value) {
    INTS.set(buffer, at, value);
  }

  /** The bytes written; the output is then empty again, shrunk if one state made it huge. */
  byte[] take() {
    byte[] bytes = Arrays.copyOf(buffer, size);
    reset();
    return bytes;
  }

  /**
   * The bytes written, the first {@code plain} as they are, the rest compressed and preceded by
   * their length; the output is then empty again.
   */
  byte[] takeCompressed(int plain, LZ4Compressor compressor) {
    int length = size - plain;
    int bound = compressor.maxCompressedLength(length);
    if (scratch.length < bound) {
      scratch = new byte[Math.max(bound, INITIAL)];
    }
    int packed = compressor.compress(buffer, plain, length, scratch, 0, bound);
    byte[] bytes = new byte[plain + 4 + packed];
    System.arraycopy(buffer, 0, bytes, 0, plain);
    INTS.set(bytes, plain, length);
    System.arraycopy(scratch, 0, bytes, plain + 4, packed);
    reset();
    if (scratch.length > KEPT) {
      scratch = new byte[INITIAL];
    }
    return bytes;
  }

  void reset() {
    size = 0;
    if (buffer.length > KEPT) {
      buffer = new byte[INITIAL];
    }
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buffer[size++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    ensure(length);
    System.arraycopy(bytes, offset, buffer, size, length);
    size += length;
  }

  @Override
  public void writeBoolean(boolean value) {
    write(value ? 1 : 0);
  }

  @Override
  public void writeByte(int value) {
    write(value);
  }

  @Override
  public void writeShort(int value) {
    ensure(2);
    SHORTS.set(buffer, size, (short) value);
    size += 2;
  }

  @Override
  public void writeChar(int value) {
    writeShort(value);
  }

  @Override
  public void writeInt(int value) {
    ensure(4);
    INTS.set(buffer, size, value);
    size += 4;
  }

  @Override
  public void writeLong(long value) {
    ensure(8);
    LONGS.set(buffer, size, value);
    size += 8;
  }

  @Override
  public void writeFloat(float value) {
    writeInt(Float.floatToIntBits(value));
  }

  @Override
  public void writeDouble(double value) {
    writeLong(Double.doubleToLongBits(value));
  }

  @Override
  public void writeBytes(String value) {
    ensure(value.length());
    for (int i = 0; i < value.length(); i++) {
      buffer[size++] = (byte) value.charAt(i);
    }
  }

  @Override
  public void writeChars(String value) {
    for (int i = 0; i < value.length(); i++) {
      writeChar(value.charAt(i));
    }
  }

  /**
   * Modified UTF-8 with a two-byte length, as {@code DataOutputStream} writes it, in one pass
   * straight into the buffer (the JDK measures the string in a first pass, then copies through a
   * buffer of its own). The JDK's bulk UTF-8 encoder is not a shortcut: it turns a lone surrogate,
   * which a String may hold, into '?', where modified UTF-8 keeps it.
   */
  @Override
  public void writeUTF(String value) throws UTFDataFormatException {
    int lengthAt = size;
    int chars = value.length();
    ensure(2 + chars * 3);
    size += 2;
    byte[] out = buffer;
    int at = size;
    int i = 0;
    for (; i < chars; i++) {
      char c = value.charAt(i);
      if (c == 0 || c > 0x7F) {
        break;
      }
      out[at++] = (byte) c;
    }
    for (; i < chars; i++) {
      char c = value.charAt(i);
      if (c >= 0x0001 && c <= 0x007F) {
        out[at++] = (byte) c;
      } else if (c <= 0x07FF) {
        out[at++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else {
        out[at++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
        out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    int length = at - size;
    if (length > 0xFFFF) {
      size = lengthAt;
      throw tooLong(value, length);
    }
    SHORTS.set(out, lengthAt, (short) length);
    size = at;
  }

  private static UTFDataFormatException tooLong(String value, int length) {
    return new UTFDataFormatException(
        "String of " + value.length() + " chars encodes to " + length + " bytes, over 65535");
  }
}
