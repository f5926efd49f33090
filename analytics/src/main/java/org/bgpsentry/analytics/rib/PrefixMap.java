package org.bgpsentry.analytics.rib;

import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * The routes of one peer and one address family, packed: an open-addressing table over parallel
 * primitive arrays, no object per route (docs/contributing.md §4 "Pack prefixes").
 *
 * <p>Key = (prefix, ADD-PATH path id). An IPv4 prefix is one {@code long}: address in bits 8..39,
 * length + 1 in bits 0..7 (so 0 marks an empty slot). An IPv6 prefix is two {@code long}s and a
 * length byte (length + 1; 0 = empty). Path ids live in an {@code int[]} allocated only once a path
 * id is stored (RFC 7911 is per session and family, so a family's routes either all carry one or
 * none do). Slots hash the prefix alone, so all paths of a prefix share one probe run and a lookup
 * by prefix finds every path id without scanning. Linear probing with capacity grown by 1.5x at 80%
 * load and backward-shift delete: a withdrawal leaves no tombstone.
 *
 * <p>Per slot, in one {@code long} (so an install writes one more cache line, not two):
 * attribute-set id (low 32 bits, top bit = stale for graceful restart) and receive time (high 32
 * bits, unsigned epoch seconds). Not thread-safe: one owner thread.
 */
final class PrefixMap {
  static final int STALE = 0x8000_0000;
  private static final int MIN_CAPACITY = 16;

  private final boolean ipv6;
  private long[] hi;
  private long[] lo;
  private byte[] lens;
  /** Slot -> receive time << 32 | attribute-set id. */
  private long[] entries;
  private int[] pathIds;
  private int size;

  PrefixMap(boolean ipv6) {
    this.ipv6 = ipv6;
    allocate(MIN_CAPACITY);
  }

  int size() {
    return size;
  }

  int capacity() {
    return entries.length;
  }

  boolean ipv6() {
    return ipv6;
  }

  /** Slot holding (prefix, pathId), or {@code -(empty slot) - 1} where it would go. */
  int find(Prefix prefix, long pathId) {
    int cap = entries.length;
    int pid = (int) pathId;
    if (ipv6) {
      long h = prefix.hi();
      long l = prefix.lo();
      byte len = (byte) (prefix.length() + 1);
      for (int i = home(hash6(h, l, len), cap); ; i = next(i, cap)) {
        if (lens[i] == 0) {
          return -i - 1;
        }
        if (lens[i] == len && hi[i] == h && lo[i] == l && pathIdMatches(i, pid)) {
          return i;
        }
      }
    }
    long key = key4(prefix);
    for (int i = home(hash4(key), cap); ; i = next(i, cap)) {
      long k = hi[i];
      if (k == 0) {
        return -i - 1;
      }
      if (k == key && pathIdMatches(i, pid)) {
        return i;
      }
    }
  }

  /**
   * Calls {@code visitor} with each slot holding {@code prefix}, whatever its path id. The visitor
   * must not change the map.
   */
  void forEachPath(Prefix prefix, SlotVisitor visitor) {
    int cap = entries.length;
    if (ipv6) {
      long h = prefix.hi();
      long l = prefix.lo();
      byte len = (byte) (prefix.length() + 1);
      for (int i = home(hash6(h, l, len), cap); lens[i] != 0; i = next(i, cap)) {
        if (lens[i] == len && hi[i] == h && lo[i] == l) {
          visitor.visit(i);
        }
      }
      return;
    }
    long key = key4(prefix);
    for (int i = home(hash4(key), cap); hi[i] != 0; i = next(i, cap)) {
      if (hi[i] == key) {
        visitor.visit(i);
      }
    }
  }

  /** Stores a new route in the empty slot {@code -insertion - 1} returned by {@link #find}. */
  void insert(int insertion, Prefix prefix, long pathId, int id, int time) {
    int i = -insertion - 1;
    if (ipv6) {
      hi[i] = prefix.hi();
      lo[i] = prefix.lo();
      lens[i] = (byte) (prefix.length() + 1);
    } else {
      hi[i] = key4(prefix);
    }
    if (pathId != Nlri.NO_PATH_ID && pathIds == null) {
      pathIds = new int[entries.length];
    }
    if (pathIds != null) {
      pathIds[i] = (int) pathId;
    }
    entries[i] = entry(id, time);
    if (++size > entries.length / 5 * 4) {
      resize(entries.length + entries.length / 2);
    }
  }

  /** Removes the route in {@code slot}, pulling later members of its probe run back. */
  void removeAt(int slot) {
    int cap = entries.length;
    int hole = slot;
    for (int j = next(hole, cap); occupied(j); j = next(j, cap)) {
      int home = homeOf(j, cap);
      if (distance(home, j, cap) >= distance(hole, j, cap)) {
        move(j, hole);
        hole = j;
      }
    }
    clearSlot(hole);
    size--;
  }

  /** Forgets every route; keeps nothing allocated beyond a small table. */
  void clear() {
    size = 0;
    pathIds = null;
    allocate(MIN_CAPACITY);
  }

  boolean occupied(int slot) {
    return ipv6 ? lens[slot] != 0 : hi[slot] != 0;
  }

  int id(int slot) {
    return (int) entries[slot];
  }

  void setId(int slot, int id) {
    entries[slot] = entry(id, time(slot));
  }

  int time(int slot) {
    return (int) (entries[slot] >>> 32);
  }

  /** Sets both fields of {@code slot} with one store. */
  void set(int slot, int id, int time) {
    entries[slot] = entry(id, time);
  }

  private static long entry(int id, int time) {
    return (long) time << 32 | (id & 0xffff_ffffL);
  }

  long pathId(int slot) {
    return pathIds == null ? Nlri.NO_PATH_ID : pathIds[slot] & 0xffff_ffffL;
  }

  Prefix prefix(int slot) {
    if (ipv6) {
      return new Prefix(true, hi[slot], lo[slot], (lens[slot] & 0xff) - 1);
    }
    long k = hi[slot];
    return new Prefix(false, (k >>> 8) << 32, 0, (int) (k & 0xff) - 1);
  }

  /** True when the route in {@code slot} is {@code prefix} or more specific than it. */
  boolean coveredBy(int slot, Prefix prefix) {
    int len = prefix.length();
    if (ipv6) {
      int l = (lens[slot] & 0xff) - 1;
      return l >= len
          && (hi[slot] & maskOf(len)) == prefix.hi()
          && (lo[slot] & maskOf(len - 64)) == prefix.lo();
    }
    long k = hi[slot];
    return (int) (k & 0xff) - 1 >= len && (((k >>> 8) << 32) & maskOf(len)) == prefix.hi();
  }

  /** The top {@code bits} bits of a long set (none for {@code bits <= 0}). */
  private static long maskOf(int bits) {
    return bits <= 0 ? 0 : bits >= 64 ? -1L : -1L << (64 - bits);
  }

  /** Bytes held by the arrays (for the memory figures). */
  long arrayBytes() {
    long n = entries.length;
    long perSlot = 8 + 8 + (ipv6 ? 8 + 1 : 0) + (pathIds != null ? 4 : 0);
    return n * perSlot;
  }

  /** Visits one occupied slot. */
  @FunctionalInterface
  interface SlotVisitor {
    void visit(int slot);
  }

  private boolean pathIdMatches(int slot, int pid) {
    return pathIds == null ? pid == (int) Nlri.NO_PATH_ID : pathIds[slot] == pid;
  }

  private int homeOf(int slot, int cap) {
    return ipv6 ? home(hash6(hi[slot], lo[slot], lens[slot]), cap) : home(hash4(hi[slot]), cap);
  }

  private void move(int from, int to) {
    hi[to] = hi[from];
    if (ipv6) {
      lo[to] = lo[from];
      lens[to] = lens[from];
    }
    if (pathIds != null) {
      pathIds[to] = pathIds[from];
    }
    entries[to] = entries[from];
  }

  private void clearSlot(int slot) {
    hi[slot] = 0;
    if (ipv6) {
      lo[slot] = 0;
      lens[slot] = 0;
    }
  }

  private void allocate(int capacity) {
    hi = new long[capacity];
    lo = ipv6 ? new long[capacity] : null;
    lens = ipv6 ? new byte[capacity] : null;
    entries = new long[capacity];
    pathIds = pathIds == null ? null : new int[capacity];
  }

  private void resize(int capacity) {
    long[] oHi = hi;
    long[] oLo = lo;
    byte[] oLens = lens;
    long[] oEntries = entries;
    int[] oPathIds = pathIds;
    allocate(capacity);
    for (int s = 0; s < oEntries.length; s++) {
      boolean used = ipv6 ? oLens[s] != 0 : oHi[s] != 0;
      if (!used) {
        continue;
      }
      int h = ipv6 ? hash6(oHi[s], oLo[s], oLens[s]) : hash4(oHi[s]);
      int i = home(h, capacity);
      while (occupied(i)) {
        i = next(i, capacity);
      }
      hi[i] = oHi[s];
      if (ipv6) {
        lo[i] = oLo[s];
        lens[i] = oLens[s];
      }
      if (oPathIds != null) {
        pathIds[i] = oPathIds[s];
      }
      entries[i] = oEntries[s];
    }
  }

  static long key4(Prefix prefix) {
    return ((prefix.hi() >>> 32) << 8) | (prefix.length() + 1);
  }

  private static int hash4(long key) {
    return mix(key);
  }

  private static int hash6(long h, long l, byte len) {
    return mix(h ^ Long.rotateLeft(l, 31) ^ ((long) len << 56));
  }

  /** MurmurHash3 fmix64, folded to 32 bits. */
  private static int mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /** Lemire's multiply-shift range reduction: any capacity, no modulo. */
  private static int home(int hash, int cap) {
    return (int) (((hash & 0xffff_ffffL) * cap) >>> 32);
  }

  private static int next(int i, int cap) {
    return ++i == cap ? 0 : i;
  }

  private static int distance(int from, int to, int cap) {
    int d = to - from;
    return d < 0 ? d + cap : d;
  }

  @Override
  public String toString() {
    return "PrefixMap["
        + (ipv6 ? "ipv6" : "ipv4")
        + ", size="
        + size
        + ", capacity="
        + entries.length
        + "]";
  }
}
