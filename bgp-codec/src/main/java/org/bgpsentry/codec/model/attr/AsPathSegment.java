package org.bgpsentry.codec.model.attr;

import java.util.Arrays;

/**
 * One AS_PATH segment: a type and its ASNs (unsigned 32-bit, held in ints; read them with {@link
 * #asn(int)}). Content equality; the array is never exposed.
 */
public final class AsPathSegment {
  private final SegmentType type;
  private final int[] asns;
  private final int hash;

  public AsPathSegment(SegmentType type, int[] asns) {
    this.type = type;
    this.asns = asns.clone();
    this.hash = 31 * type.hashCode() + Arrays.hashCode(this.asns);
  }

  public static AsPathSegment sequence(long... asns) {
    return of(SegmentType.AS_SEQUENCE, asns);
  }

  public static AsPathSegment set(long... asns) {
    return of(SegmentType.AS_SET, asns);
  }

  public static AsPathSegment of(SegmentType type, long... asns) {
    int[] a = new int[asns.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (int) asns[i];
    }
    return new AsPathSegment(type, a);
  }

  public SegmentType type() {
    return type;
  }

  public int size() {
    return asns.length;
  }

  /** The ASN at {@code index} as an unsigned value. */
  public long asn(int index) {
    return asns[index] & 0xffffffffL;
  }

  /** A copy of the ASNs as unsigned values. */
  public long[] asns() {
    long[] out = new long[asns.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = asns[i] & 0xffffffffL;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AsPathSegment s
        && hash == s.hash
        && type == s.type
        && Arrays.equals(asns, s.asns);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    boolean set = type.isSet();
    boolean confed = type.isConfed();
    sb.append(confed ? (set ? "[" : "(") : (set ? "{" : ""));
    for (int i = 0; i < asns.length; i++) {
      sb.append(i == 0 ? "" : set ? "," : " ").append(asn(i));
    }
    sb.append(confed ? (set ? "]" : ")") : (set ? "}" : ""));
    return sb.toString();
  }
}
