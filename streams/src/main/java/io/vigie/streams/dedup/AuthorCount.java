package io.vigie.streams.dedup;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Distinct authors of a cluster in bounded memory: exact up to {@value #EXACT_LIMIT} authors (the
 * hashes of their ids, sorted), then a HyperLogLog of 256 registers (about 6.5% standard error), so
 * that a cluster reposted by a million accounts costs no more than one reposted by a hundred.
 */
public final class AuthorCount {

  static final int EXACT_LIMIT = 64;
  private static final int REGISTER_BITS = 8;
  private static final int REGISTERS = 1 << REGISTER_BITS;

  private long[] exact; // sorted, or null once switched to registers
  private int exactSize;
  private byte[] registers;

  /**
   * The registers' estimate, kept until a register changes: a busy term's emergence tracker asks
   * for it at every post, and summing 256 powers of two each time was the tracker's largest cost.
   */
  private int estimate = -1;

  public AuthorCount() {
    this.exact = new long[4];
  }

  private AuthorCount(long[] exact, int exactSize, byte[] registers) {
    this.exact = exact;
    this.exactSize = exactSize;
    this.registers = registers;
  }

  public void add(String author) {
    long hash = MinHash.exactHash(author);
    if (registers != null) {
      addToRegisters(hash);
      return;
    }
    int at = Arrays.binarySearch(exact, 0, exactSize, hash);
    if (at >= 0) {
      return;
    }
    if (exactSize == EXACT_LIMIT) {
      registers = new byte[REGISTERS];
      estimate = -1;
      for (int i = 0; i < exactSize; i++) {
        addToRegisters(exact[i]);
      }
      addToRegisters(hash);
      exact = null;
      return;
    }
    if (exactSize == exact.length) {
      exact = Arrays.copyOf(exact, Math.min(EXACT_LIMIT, exact.length * 2));
    }
    int insert = -at - 1;
    System.arraycopy(exact, insert, exact, insert + 1, exactSize - insert);
    exact[insert] = hash;
    exactSize++;
  }

  private void addToRegisters(long hash) {
    int index = (int) (hash >>> (64 - REGISTER_BITS));
    int rank = Long.numberOfLeadingZeros((hash << REGISTER_BITS) | (1L << (REGISTER_BITS - 1))) + 1;
    if (rank > registers[index]) {
      registers[index] = (byte) rank;
      estimate = -1;
    }
  }

  /** Forgets every author, keeping the exact table's memory for the next window. */
  public void clear() {
    if (exact == null) {
      exact = new long[4];
    }
    exactSize = 0;
    registers = null;
    estimate = -1;
  }

  public int count() {
    if (registers == null) {
      return exactSize;
    }
    if (estimate < 0) {
      estimate = estimate();
    }
    return estimate;
  }

  private int estimate() {
    double sum = 0;
    int zeros = 0;
    for (byte register : registers) {
      sum += Math.pow(2, -register);
      if (register == 0) {
        zeros++;
      }
    }
    double alpha = 0.7213 / (1 + 1.079 / REGISTERS);
    double raw = alpha * REGISTERS * REGISTERS / sum;
    if (raw <= 2.5 * REGISTERS && zeros > 0) {
      raw = REGISTERS * Math.log((double) REGISTERS / zeros); // linear counting
    }
    return (int) Math.max(EXACT_LIMIT, Math.round(raw));
  }

  public void writeTo(ByteBuffer out) {
    if (registers == null) {
      out.put((byte) 0).putShort((short) exactSize);
      for (int i = 0; i < exactSize; i++) {
        out.putLong(exact[i]);
      }
    } else {
      out.put((byte) 1).put(registers);
    }
  }

  public int serializedSize() {
    return registers == null ? 3 + 8 * exactSize : 1 + REGISTERS;
  }

  public static AuthorCount readFrom(ByteBuffer in) {
    if (in.get() == 0) {
      int size = in.getShort();
      long[] exact = new long[Math.max(4, size)];
      for (int i = 0; i < size; i++) {
        exact[i] = in.getLong();
      }
      return new AuthorCount(exact, size, null);
    }
    byte[] registers = new byte[REGISTERS];
    in.get(registers);
    return new AuthorCount(null, 0, registers);
  }

  /** The state as bytes, for a state store. */
  public byte[] toBytes() {
    ByteBuffer out = ByteBuffer.allocate(serializedSize());
    writeTo(out);
    return out.array();
  }

  public static AuthorCount fromBytes(byte[] bytes) {
    return readFrom(ByteBuffer.wrap(bytes));
  }
}
