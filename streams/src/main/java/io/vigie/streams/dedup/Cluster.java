package io.vigie.streams.dedup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A cluster of near-duplicate posts: opened by its first post (whose key is the cluster's id and
 * whose signature stands for the cluster), with its running size, distinct authors, and when its
 * latest copy was seen, which decides how long it is kept.
 */
public final class Cluster {

  private final String id;
  private final long openedAt;
  private final long[] signature;
  private final AuthorCount authors;
  private int size;
  private long lastSeenAt;

  Cluster(
      String id, long openedAt, long lastSeenAt, long[] signature, AuthorCount authors, int size) {
    this.id = id;
    this.openedAt = openedAt;
    this.lastSeenAt = lastSeenAt;
    this.signature = signature;
    this.authors = authors;
    this.size = size;
  }

  static Cluster open(String id, long openedAt, long[] signature, String author) {
    AuthorCount authors = new AuthorCount();
    authors.add(author);
    return new Cluster(id, openedAt, openedAt, signature, authors, 1);
  }

  /** A copy by {@code author} seen at {@code time}; an older copy arriving late never rewinds. */
  void join(String author, long time) {
    size++;
    authors.add(author);
    seen(time);
  }

  /** Moves the time of the latest copy forward to {@code time}, never back. */
  void seen(long time) {
    lastSeenAt = Math.max(lastSeenAt, time);
  }

  public String id() {
    return id;
  }

  public long openedAt() {
    return openedAt;
  }

  /** When its latest copy was seen. */
  public long lastSeenAt() {
    return lastSeenAt;
  }

  long[] signature() {
    return signature;
  }

  public int size() {
    return size;
  }

  public int authors() {
    return authors.count();
  }

  /** A compact binary form for state stores. */
  public byte[] toBytes() {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(
            4 + idBytes.length + 8 + 8 + 4 + 2 + 8 * signature.length + authors.serializedSize());
    out.putInt(idBytes.length).put(idBytes).putLong(openedAt).putLong(lastSeenAt).putInt(size);
    out.putShort((short) signature.length);
    for (long value : signature) {
      out.putLong(value);
    }
    authors.writeTo(out);
    return out.array();
  }

  public static Cluster fromBytes(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    byte[] idBytes = new byte[in.getInt()];
    in.get(idBytes);
    long openedAt = in.getLong();
    long lastSeenAt = in.getLong();
    int size = in.getInt();
    long[] signature = new long[in.getShort()];
    for (int i = 0; i < signature.length; i++) {
      signature[i] = in.getLong();
    }
    return new Cluster(
        new String(idBytes, StandardCharsets.UTF_8),
        openedAt,
        lastSeenAt,
        signature,
        AuthorCount.readFrom(in),
        size);
  }
}
