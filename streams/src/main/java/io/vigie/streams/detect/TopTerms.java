package io.vigie.streams.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent items of a stream in bounded memory (Metwally's Space-Saving): at most {@code
 * capacity} counters; a new item takes over the smallest counter and inherits its count, so that
 * any item more frequent than {@code total / capacity} is kept, with a count over-estimated by at
 * most the smallest counter.
 */
public final class TopTerms {

  private final int capacity;
  private final Map<String, long[]> counts = new HashMap<>();

  public TopTerms(int capacity) {
    this.capacity = capacity;
  }

  public void add(String item) {
    add(item, 1);
  }

  public void add(String item, long weight) {
    long[] count = counts.get(item);
    if (count != null) {
      count[0] += weight;
      return;
    }
    if (counts.size() < capacity) {
      counts.put(item, new long[] {weight});
      return;
    }
    String smallest = null;
    long min = Long.MAX_VALUE;
    // Ties go to the smallest name, so that a state read back from bytes evicts as the original.
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      long held = entry.getValue()[0];
      if (held < min || (held == min && entry.getKey().compareTo(smallest) < 0)) {
        min = held;
        smallest = entry.getKey();
      }
    }
    counts.remove(smallest);
    counts.put(item, new long[] {min + weight});
  }

  public long count(String item) {
    long[] count = counts.get(item);
    return count == null ? 0 : count[0];
  }

  /** The {@code n} most frequent items, most frequent first (ties by name, for determinism). */
  public List<String> top(int n) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
            .thenComparing(Map.Entry::getKey));
    List<String> top = new ArrayList<>(Math.min(n, entries.size()));
    for (int i = 0; i < Math.min(n, entries.size()); i++) {
      top.add(entries.get(i).getKey());
    }
    return top;
  }

  public boolean isEmpty() {
    return counts.isEmpty();
  }

  public void clear() {
    counts.clear();
  }

  public void write(DataOutput out) throws IOException {
    out.writeShort(counts.size());
    for (Map.Entry<String, long[]> entry : counts.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeLong(entry.getValue()[0]);
    }
  }

  public static TopTerms read(int capacity, DataInput in) throws IOException {
    TopTerms terms = new TopTerms(capacity);
    int size = in.readShort();
    for (int i = 0; i < size; i++) {
      terms.counts.put(in.readUTF(), new long[] {in.readLong()});
    }
    return terms;
  }
}
