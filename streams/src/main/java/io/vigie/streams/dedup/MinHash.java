package io.vigie.streams.dedup;

import java.util.Arrays;

/**
 * MinHash signatures over character shingles of a normalised text, and their LSH bands. Two texts
 * whose shingle sets have Jaccard similarity {@code s} share at least one band with probability
 * {@code 1 - (1 - s^rows)^bands}: with 16 bands of 4 rows, 96% at s = 0.7, 20% at s = 0.4. The
 * signature itself then estimates the similarity, so a band collision is confirmed before two posts
 * are called near-duplicates.
 */
public final class MinHash {

  private final int shingle;
  private final int bands;
  private final int rows;
  private final long[] seeds;

  public MinHash(int shingle, int bands, int rows) {
    if (shingle < 1 || bands < 1 || rows < 1) {
      throw new IllegalArgumentException("shingle, bands and rows must be positive");
    }
    this.shingle = shingle;
    this.bands = bands;
    this.rows = rows;
    this.seeds = new long[bands * rows];
    long seed = 0x9E3779B97F4A7C15L;
    for (int i = 0; i < seeds.length; i++) {
      seed = mix(seed + i);
      seeds[i] = seed | 1;
    }
  }

  /** 5-character shingles, 16 bands of 4 rows. */
  public static MinHash defaults() {
    return new MinHash(5, 16, 4);
  }

  public int bands() {
    return bands;
  }

  /** The signature of a normalised text: one minimum per hash function. */
  public long[] signature(String normalized) {
    long[] minimums = new long[seeds.length];
    Arrays.fill(minimums, Long.MAX_VALUE);
    // A text shorter than one shingle is one shingle.
    int count = Math.max(1, normalized.length() - shingle + 1);
    for (int start = 0; start < count; start++) {
      long base = hash(normalized, start, Math.min(normalized.length(), start + shingle));
      for (int i = 0; i < seeds.length; i++) {
        long value = mix(base * seeds[i]);
        if (value < minimums[i]) {
          minimums[i] = value;
        }
      }
    }
    return minimums;
  }

  /** The key of each band of {@code signature}, band number included so that bands never mix. */
  public long[] bandKeys(long[] signature) {
    long[] keys = new long[bands];
    for (int band = 0; band < bands; band++) {
      long key = band * 0x632BE59BD9B4E019L;
      for (int row = 0; row < rows; row++) {
        key = mix(key ^ signature[band * rows + row]);
      }
      keys[band] = key;
    }
    return keys;
  }

  /** The estimated Jaccard similarity of the texts behind two signatures. */
  public static double similarity(long[] a, long[] b) {
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b[i]) {
        same++;
      }
    }
    return (double) same / a.length;
  }

  /** A 64-bit hash of the text, to tell exact normalised duplicates apart cheaply. */
  public static long exactHash(String normalized) {
    return hash(normalized, 0, normalized.length());
  }

  private static long hash(String text, int from, int to) {
    // FNV-1a over UTF-16 units, then mixed: fast, and good enough once mixed.
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(h);
  }

  /** The 64-bit finaliser of MurmurHash3. */
  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
