package org.bgpsentry.analytics.asrel;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * Inferred AS relationships in the CAIDA AS Relationships format, serial-1 ({@code a|b|rel}) and
 * serial-2 ({@code a|b|rel|source}): {@code -1} = a is a provider of b, {@code 0} = a and b are
 * peers; {@code #} lines are comments. Held in an open-addressing map over parallel arrays (no
 * object per link), immutable once loaded.
 */
public final class AsRelationships {
  public static final AsRelationships EMPTY = new AsRelationships(new long[1], new byte[1], 0);

  /** What the second AS is to the first. */
  public enum Relation {
    PROVIDER,
    CUSTOMER,
    PEER,
    UNKNOWN
  }

  /** Low AS is the provider of the high AS. */
  private static final byte LOW_PROVIDES = 1;

  /** High AS is the provider of the low AS. */
  private static final byte HIGH_PROVIDES = 2;

  private static final byte PEERS = 3;

  private final long[] keys;
  private final byte[] rels;
  private final int size;

  private AsRelationships(long[] keys, byte[] rels, int size) {
    this.keys = keys;
    this.rels = rels;
    this.size = size;
  }

  /** Number of AS links. */
  public int size() {
    return size;
  }

  /** What {@code b} is to {@code a}: its provider, customer, peer, or unknown. */
  public Relation relation(long a, long b) {
    if (size == 0 || a == b) {
      return Relation.UNKNOWN;
    }
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    long key = (lo << 32) | hi;
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (rels[i] == 0) {
        return Relation.UNKNOWN;
      }
      if (keys[i] == key) {
        return switch (rels[i]) {
          case PEERS -> Relation.PEER;
          case LOW_PROVIDES -> a == lo ? Relation.CUSTOMER : Relation.PROVIDER;
          default -> a == lo ? Relation.PROVIDER : Relation.CUSTOMER;
        };
      }
    }
  }

  /**
   * Parses serial-1 or serial-2 text.
   *
   * @throws IllegalArgumentException naming the line that is not {@code a|b|-1|...} or
   *     {@code a|b|0|...}
   */
  public static AsRelationships parse(Reader in) throws IOException {
    BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
    Builder b = new Builder();
    String line;
    int lineNo = 0;
    while ((line = r.readLine()) != null) {
      lineNo++;
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      String[] f = line.split("\\|", -1);
      if (f.length < 3) {
        throw new IllegalArgumentException(
            "AS relationships line " + lineNo + ": '" + line + "' (expected: AS1|AS2|-1 or AS1|AS2|0)");
      }
      long a;
      long c;
      int rel;
      try {
        a = Long.parseLong(f[0].trim());
        c = Long.parseLong(f[1].trim());
        rel = Integer.parseInt(f[2].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "AS relationships line " + lineNo + ": '" + line + "' (expected: numbers AS1|AS2|-1 or 0)");
      }
      if (a < 0 || a > 0xffffffffL || c < 0 || c > 0xffffffffL || (rel != -1 && rel != 0)) {
        throw new IllegalArgumentException(
            "AS relationships line " + lineNo + ": '" + line
                + "' (expected: 32-bit ASNs and relationship -1 or 0)");
      }
      b.add(a, c, rel);
    }
    return b.build();
  }

  private static int mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  /** Accumulates links; a later line for the same pair wins. */
  static final class Builder {
    private long[] keys = new long[1024];
    private byte[] rels = new byte[1024];
    private int size;

    void add(long a, long b, int rel) {
      if (a == b) {
        return;
      }
      if ((size + 1) * 2 > keys.length) {
        grow();
      }
      long lo = Math.min(a, b);
      long hi = Math.max(a, b);
      byte v = rel == 0 ? PEERS : a == lo ? LOW_PROVIDES : HIGH_PROVIDES;
      if (put(keys, rels, (lo << 32) | hi, v)) {
        size++;
      }
    }

    private static boolean put(long[] keys, byte[] rels, long key, byte v) {
      int mask = keys.length - 1;
      for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
        if (rels[i] == 0) {
          keys[i] = key;
          rels[i] = v;
          return true;
        }
        if (keys[i] == key) {
          rels[i] = v;
          return false;
        }
      }
    }

    private void grow() {
      long[] nk = new long[keys.length * 2];
      byte[] nr = new byte[rels.length * 2];
      for (int i = 0; i < keys.length; i++) {
        if (rels[i] != 0) {
          put(nk, nr, keys[i], rels[i]);
        }
      }
      keys = nk;
      rels = nr;
    }

    AsRelationships build() {
      return new AsRelationships(Arrays.copyOf(keys, keys.length), Arrays.copyOf(rels, rels.length), size);
    }
  }
}
