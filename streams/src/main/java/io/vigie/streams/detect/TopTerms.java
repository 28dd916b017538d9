package io.vigie.streams.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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
  // Counters in slots: the eviction scan reads a long[] instead of iterating a hash map's entries,
  // which was the largest part of detection's own work in a profile (every new word of a post,
  // once 32 are held, looks for the smallest counter).
  private final String[] items;
  private final long[] counts;
  private final Map<String, Integer> slots;
  private int size;

  public TopTerms(int capacity) {
    this.capacity = capacity;
    this.items = new String[capacity];
    this.counts = new long[capacity];
    this.slots = new HashMap<>(capacity * 2);
  }

  public void add(String item) {
    add(item, 1);
  }

  public void add(String item, long weight) {
    Integer slot = slots.get(item);
    if (slot != null) {
      counts[slot] += weight;
      return;
    }
    if (size < capacity) {
      put(size++, item, weight);
      return;
    }
    int smallest = smallestSlot();
    slots.remove(items[smallest]);
    put(smallest, item, counts[smallest] + weight);
  }

  /**
   * The slot of the smallest counter. Ties go to the smallest name, so that a state read back from
   * bytes evicts as the original.
   */
  private int smallestSlot() {
    int smallest = 0;
    for (int i = 1; i < size; i++) {
      long held = counts[i];
      if (held < counts[smallest]
          || (held == counts[smallest] && items[i].compareTo(items[smallest]) < 0)) {
        smallest = i;
      }
    }
    return smallest;
  }

  private void put(int slot, String item, long count) {
    items[slot] = item;
    counts[slot] = count;
    slots.put(item, slot);
  }

  public long count(String item) {
    Integer slot = slots.get(item);
    return slot == null ? 0 : counts[slot];
  }

  /** The {@code n} most frequent items, most frequent first (ties by name, for determinism). */
  public List<String> top(int n) {
    List<Integer> order = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer>comparingLong(i -> -counts[i]).thenComparing(i -> items[i]));
    List<String> top = new ArrayList<>(Math.min(n, size));
    for (int i = 0; i < Math.min(n, size); i++) {
      top.add(items[order.get(i)]);
    }
    return top;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  public void clear() {
    Arrays.fill(items, 0, size, null);
    slots.clear();
    size = 0;
  }

  public void write(DataOutput out) throws IOException {
    out.writeShort(size);
    for (int i = 0; i < size; i++) {
      out.writeUTF(items[i]);
      out.writeLong(counts[i]);
    }
  }

  /**
   * Reads what {@link #write} wrote. A state written with a larger capacity than {@code capacity}
   * keeps its largest counters.
   */
  public static TopTerms read(int capacity, DataInput in) throws IOException {
    TopTerms terms = new TopTerms(capacity);
    int size = in.readShort();
    for (int i = 0; i < size; i++) {
      String item = in.readUTF();
      long count = in.readLong();
      if (terms.size < capacity) {
        terms.put(terms.size++, item, count);
      } else {
        int smallest = terms.smallestSlot();
        if (count > terms.counts[smallest]) {
          terms.slots.remove(terms.items[smallest]);
          terms.put(smallest, item, count);
        }
      }
    }
    return terms;
  }
}
