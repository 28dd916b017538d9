package io.vigie.streams.detect;

import static io.vigie.streams.detect.BigEndianViews.INTS;
import static io.vigie.streams.detect.BigEndianViews.LONGS;
import static io.vigie.streams.detect.BigEndianViews.SHORTS;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link StateOutput} (or {@link java.io.DataOutputStream}) wrote, straight from the
 * array: no stream, no locking, strings decoded in bulk.
 */
final class StateInput implements DataInput {

  private final byte[] bytes;
  private int position;

  StateInput(byte[] bytes) {
    this.bytes = bytes;
  }

  private int advance(int length) throws EOFException {
    if (length < 0 || position + length > bytes.length) {
      throw new EOFException(
          "Detector state ends at byte "
              + bytes.length
              + ", "
              + length
              + " more needed at "
              + position);
    }
    int at = position;
    position += length;
    return at;
  }

  @Override
  public void readFully(byte[] target) throws IOException {
    readFully(target, 0, target.length);
  }

  @Override
  public void readFully(byte[] target, int offset, int length) throws IOException {
    System.arraycopy(bytes, advance(length), target, offset, length);
  }

  @Override
  public int skipBytes(int n) {
    int skipped = Math.max(0, Math.min(n, bytes.length - position));
    position += skipped;
    return skipped;
  }

  @Override
  public boolean readBoolean() throws IOException {
    return readByte() != 0;
  }

  @Override
  public byte readByte() throws IOException {
    return bytes[advance(1)];
  }

  @Override
  public int readUnsignedByte() throws IOException {
    return readByte() & 0xFF;
  }

  @Override
  public short readShort() throws IOException {
    return (short) SHORTS.get(bytes, advance(2));
  }

  @Override
  public int readUnsignedShort() throws IOException {
    return readShort() & 0xFFFF;
  }

  @Override
  public char readChar() throws IOException {
    return (char) readShort();
  }

  @Override
  public int readInt() throws IOException {
    return (int) INTS.get(bytes, advance(4));
  }

  @Override
  public long readLong() throws IOException {
    return (long) LONGS.get(bytes, advance(8));
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat(readInt());
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLong());
  }

  /** Detector states hold no lines. */
  @Override
  public String readLine() {
    throw new UnsupportedOperationException("Detector states hold no lines of text");
  }

  /**
   * Modified UTF-8 decodes as standard UTF-8 unless it holds an encoded U+0000 (lead byte 0xC0) or
   * an encoded surrogate (lead byte 0xED): those strings take the JDK's own modified UTF-8 reader.
   */
  @Override
  public String readUTF() throws IOException {
    int start = position;
    int length = readUnsignedShort();
    int at = advance(length);
    for (int i = at; i < at + length; i++) {
      if (bytes[i] == (byte) 0xC0 || bytes[i] == (byte) 0xED) {
        position = start;
        return DataInputStream.readUTF(this);
      }
    }
    return new String(bytes, at, length, StandardCharsets.UTF_8);
  }
}
