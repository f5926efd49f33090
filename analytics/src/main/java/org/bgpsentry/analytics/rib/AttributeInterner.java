package org.bgpsentry.analytics.rib;

import java.util.Arrays;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.wire.attr.StoredAttributes;

/**
 * One shared copy per distinct attribute set, named by a small int id and reference-counted, so
 * every route of every peer that carries the same set holds 4 bytes (docs/contributing.md §4 "Intern attribute
 * sets"). Ids of sets whose count drops to zero are reused.
 *
 * <p>A set is kept in its {@link StoredAttributes} form, the wire bytes (about a quarter of the
 * decoded records' size), and interned by those bytes: a repeated set costs a hash and a compare.
 * {@link #get} decodes it when someone reads it (the API, route events for detection); the last
 * {@value #DECODED_CACHE} decoded sets are kept, by id.
 *
 * <p>The id table is an open-addressing hash over the ids themselves (linear probing,
 * backward-shift delete), with each set's hash beside its slot. The bytes come from peers, so the
 * hash is keyed ({@link KeyedHash}, SipHash with a per-process random key): with an unkeyed hash
 * a peer could send sets that all land in one probe run and make every intern walk all of them,
 * quadratic work on the event loop. All methods are synchronized: one
 * interner serves every peer's event loop, and an uncontended monitor costs a few nanoseconds next
 * to decoding the UPDATE.
 */
public final class AttributeInterner {
  static final int DECODED_CACHE = 1024;

  /**
   * Slot -> spread hash of its set (high 32 bits) and id + 1 (low 32 bits); 0 = empty. One word per
   * slot, so a probe reads one cache line and never touches the sets themselves. Power-of-two
   * length.
   */
  private long[] slots = new long[1024];

  /** Id -> interned set, stored form; null when the id is free. */
  private byte[][] values = new byte[512][];

  /** Direct-mapped by id: the last sets decoded, and the stored array each was decoded from. */
  private final PathAttributes[] decoded = new PathAttributes[DECODED_CACHE];

  private final byte[][] decodedFrom = new byte[DECODED_CACHE][];

  /** Id -> reference count. */
  private int[] refs = new int[512];

  /** Stack of freed ids. */
  private int[] freeIds = new int[64];

  private int freeCount;
  private int nextId;
  private int size;

  /** Slots looked at by {@link #intern} so far (tests bound the work with it). */
  private long probes;

  /**
   * Returns the id of the set {@code stored} (a {@link StoredAttributes} form), interning it when
   * new, and counts one more reference to it. The interner keeps the array: the caller must not
   * change it.
   */
  public synchronized int intern(byte[] stored) {
    int mask = slots.length - 1;
    int h = hash(stored);
    int i = h & mask;
    for (long s; (s = slots[i]) != 0; i = (i + 1) & mask) {
      probes++;
      if ((int) (s >>> 32) == h) {
        int id = (int) s - 1;
        byte[] v = values[id];
        if (v == stored || Arrays.equals(v, stored)) {
          refs[id]++;
          return id;
        }
      }
    }
    int id = allocateId();
    values[id] = stored;
    refs[id] = 1;
    slots[i] = (long) h << 32 | (id + 1);
    if (++size > slots.length * 3 / 4) {
      rehash(slots.length * 2);
    }
    return id;
  }

  /**
   * Counts one more reference to {@code id} when it still names {@code expected} (the array
   * {@link #stored} returned), else interns {@code expected} afresh. Lets a caller that holds the
   * set of the previous NLRI skip the hash lookup for the next NLRI of the same UPDATE.
   */
  public synchronized int retain(int id, byte[] expected) {
    if (id >= 0 && id < nextId && values[id] == expected) {
      refs[id]++;
      return id;
    }
    return intern(expected);
  }

  /** The interned set named by {@code id}, decoded. */
  public synchronized PathAttributes get(int id) {
    byte[] v = stored(id);
    int c = id & (DECODED_CACHE - 1);
    if (decodedFrom[c] != v) {
      decoded[c] = StoredAttributes.decode(v);
      decodedFrom[c] = v;
    }
    return decoded[c];
  }

  /** The interned set named by {@code id}, in its stored form (not to be changed). */
  public synchronized byte[] stored(int id) {
    byte[] v = id >= 0 && id < nextId ? values[id] : null;
    if (v == null) {
      throw new IllegalArgumentException("attribute set id " + id + " is not interned");
    }
    return v;
  }

  /** Drops one reference to {@code id}; the set is forgotten and its id freed at zero. */
  public synchronized void release(int id) {
    if (id < 0 || id >= nextId || values[id] == null) {
      throw new IllegalArgumentException("attribute set id " + id + " is not interned");
    }
    if (--refs[id] > 0) {
      return;
    }
    removeSlot(id);
    int c = id & (DECODED_CACHE - 1);
    if (decodedFrom[c] == values[id]) {
      decoded[c] = null;
      decodedFrom[c] = null;
    }
    values[id] = null;
    size--;
    if (freeCount == freeIds.length) {
      freeIds = Arrays.copyOf(freeIds, freeCount * 2);
    }
    freeIds[freeCount++] = id;
  }

  /** Number of distinct sets held. */
  public synchronized int size() {
    return size;
  }

  /** References held to {@code id} (0 when free). */
  public synchronized int references(int id) {
    return id >= 0 && id < nextId && values[id] != null ? refs[id] : 0;
  }

  private int allocateId() {
    if (freeCount > 0) {
      return freeIds[--freeCount];
    }
    if (nextId == values.length) {
      values = Arrays.copyOf(values, nextId * 2);
      refs = Arrays.copyOf(refs, nextId * 2);
    }
    return nextId++;
  }

  private void removeSlot(int id) {
    int mask = slots.length - 1;
    int i = hash(values[id]) & mask;
    while ((int) slots[i] != id + 1) {
      i = (i + 1) & mask;
    }
    // Backward-shift delete: pull later members of the probe run into the hole.
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
      int home = (int) (slots[j] >>> 32) & mask;
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = 0;
  }

  private void rehash(int capacity) {
    long[] fresh = new long[capacity];
    int mask = capacity - 1;
    for (long s : slots) {
      if (s != 0) {
        int i = (int) (s >>> 32) & mask;
        while (fresh[i] != 0) {
          i = (i + 1) & mask;
        }
        fresh[i] = s;
      }
    }
    slots = fresh;
  }

  /** Slots {@link #intern} has looked at since the interner was made. */
  synchronized long probes() {
    return probes;
  }

  /** The keyed hash of a set: its SipHash folded to 32 bits (the low bits pick the slot). */
  private static int hash(byte[] stored) {
    long h = KeyedHash.hash(stored);
    return (int) (h ^ (h >>> 32));
  }
}
