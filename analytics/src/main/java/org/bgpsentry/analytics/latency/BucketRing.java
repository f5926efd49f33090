package org.bgpsentry.analytics.latency;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * 30 days of closed 5-minute buckets in one fixed {@code short[]}: per slot five unsigned 16-bit
 * fields (probes, answered, min, median, p95 as {@link RttCode}s), 10 bytes a bucket, 86,400 bytes
 * a ring. Slot = bucket index mod {@link #SLOTS}; slots skipped over are cleared when a later bucket
 * is written, so a slot only answers for indexes in {@code (lastIndex - SLOTS, lastIndex]}.
 */
final class BucketRing {
  static final int SLOTS = 8640;
  static final int FIELDS = 5;
  static final int PROBES = 0;
  static final int ANSWERED = 1;
  static final int MIN = 2;
  static final int MEDIAN = 3;
  static final int P95 = 4;
  static final int BYTES = SLOTS * FIELDS * Short.BYTES;

  private final short[] slots = new short[SLOTS * FIELDS];
  private long lastIndex = Long.MIN_VALUE;

  long lastIndex() {
    return lastIndex;
  }

  boolean holds(long index) {
    return lastIndex != Long.MIN_VALUE && index <= lastIndex && index > lastIndex - SLOTS;
  }

  /** Field {@code f} of bucket {@code index} (unsigned); 0 when the ring does not hold it. */
  int get(long index, int f) {
    return holds(index) ? Short.toUnsignedInt(slots[base(index) + f]) : 0;
  }

  /** Writes bucket {@code index >= lastIndex - SLOTS + 1}, clearing the slots skipped over. */
  void put(long index, int probes, int answered, int min, int median, int p95) {
    if (lastIndex != Long.MIN_VALUE && index > lastIndex) {
      long clear = Math.min(index - lastIndex - 1, SLOTS);
      for (long i = index - clear; i < index; i++) {
        java.util.Arrays.fill(slots, base(i), base(i) + FIELDS, (short) 0);
      }
    }
    int b = base(index);
    slots[b + PROBES] = (short) Math.min(probes, 0xffff);
    slots[b + ANSWERED] = (short) Math.min(answered, 0xffff);
    slots[b + MIN] = (short) min;
    slots[b + MEDIAN] = (short) median;
    slots[b + P95] = (short) p95;
    if (lastIndex == Long.MIN_VALUE || index > lastIndex) {
      lastIndex = index;
    }
  }

  BucketRing copy() {
    BucketRing c = new BucketRing();
    System.arraycopy(slots, 0, c.slots, 0, slots.length);
    c.lastIndex = lastIndex;
    return c;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(lastIndex);
    ByteBuffer buf = ByteBuffer.allocate(BYTES);
    buf.asShortBuffer().put(slots);
    out.write(buf.array());
  }

  static BucketRing readFrom(DataInput in) throws IOException {
    BucketRing r = new BucketRing();
    r.lastIndex = in.readLong();
    byte[] bytes = new byte[BYTES];
    in.readFully(bytes);
    ByteBuffer.wrap(bytes).asShortBuffer().get(r.slots);
    return r;
  }

  private static int base(long index) {
    return (int) Math.floorMod(index, (long) SLOTS) * FIELDS;
  }
}
