package org.bgpsentry.analytics.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.PathAttribute.AsPath;

/**
 * The AS path as detectors read it: confederation segments dropped (RFC 5065 §5: they stay inside
 * the confederation), AS_SEQUENCE hops in order from the neighbour (index 0) to the origin,
 * prepends collapsed, AS_SET members kept apart.
 *
 * @param hops the ASNs of AS_SEQUENCE segments, neighbour first, as received (with prepends)
 * @param collapsed {@code hops} with consecutive repeats removed
 * @param originSet members of a final AS_SET segment (RFC 6811 §2: the origin is then NONE), or
 *     empty when the path ends in a sequence
 * @param hasAsSet true when any AS_SET segment is present
 * @param length the RFC 4271 §9.1.2.2 (a) path length: sequence hops + 1 per AS_SET
 */
public record PathView(
    long[] hops, long[] collapsed, long[] originSet, boolean hasAsSet, int length) {

  /** The view of {@code path}. */
  public static PathView of(AsPath path) {
    int total = 0;
    for (AsPathSegment s : path.segments()) {
      total += s.size();
    }
    long[] seq = new long[total];
    int n = 0;
    long[] lastSet = new long[0];
    boolean endsInSet = false;
    boolean anySet = false;
    int length = 0;
    for (AsPathSegment s : path.segments()) {
      switch (s.type()) {
        case AS_SEQUENCE -> {
          for (int i = 0; i < s.size(); i++) {
            seq[n++] = s.asn(i);
          }
          length += s.size();
          endsInSet = false;
        }
        case AS_SET -> {
          lastSet = s.asns();
          anySet = true;
          endsInSet = s.size() > 0;
          length += 1;
        }
        case AS_CONFED_SEQUENCE, AS_CONFED_SET -> {}
      }
    }
    long[] hops = n == seq.length ? seq : Arrays.copyOf(seq, n);
    return new PathView(hops, collapse(hops), endsInSet ? lastSet : new long[0], anySet, length);
  }

  /** Removes consecutive repeats (AS prepending). */
  public static long[] collapse(long[] hops) {
    long[] out = new long[hops.length];
    int n = 0;
    for (long a : hops) {
      if (n == 0 || out[n - 1] != a) {
        out[n++] = a;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The origin AS (RFC 6811 §2: the last AS of the final AS_SEQUENCE), or {@code fallback} (the
   * peer's AS, for a locally originated route with an empty path), or -1 when the path ends in an
   * AS_SET.
   */
  public long origin(long fallback) {
    if (originSet.length > 0) {
      return -1;
    }
    return collapsed.length == 0 ? fallback : collapsed[collapsed.length - 1];
  }

  /** The AS next to the origin once prepends are collapsed, or -1 when there is none. */
  public long originNeighbour() {
    return originSet.length > 0 || collapsed.length < 2 ? -1 : collapsed[collapsed.length - 2];
  }

  /** The hops as a list (for alerts), as received. */
  public List<Long> asList() {
    List<Long> out = new ArrayList<>(hops.length + originSet.length);
    for (long a : hops) {
      out.add(a);
    }
    for (long a : originSet) {
      out.add(a);
    }
    return out;
  }

  /** True when {@code asn} is one of the sequence hops. */
  public boolean traverses(long asn) {
    for (long a : collapsed) {
      if (a == asn) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PathView p
        && Arrays.equals(hops, p.hops)
        && Arrays.equals(originSet, p.originSet)
        && hasAsSet == p.hasAsSet
        && length == p.length;
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(hops) + Arrays.hashCode(originSet);
  }

  @Override
  public String toString() {
    return asList().toString();
  }
}
