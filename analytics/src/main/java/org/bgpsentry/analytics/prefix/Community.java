package org.bgpsentry.analytics.prefix;

import org.bgpsentry.codec.model.attr.LargeCommunity;
import org.bgpsentry.codec.model.attr.PathAttributes;

/**
 * A community every route of a registered prefix must carry (docs/configuration.md {@code
 * communities}): an RFC 1997 §3 community {@code a:b} (two 16-bit halves) or an RFC 8092 §3 large
 * community {@code a:b:c} (three 32-bit parts).
 */
public record Community(boolean large, long global, long local1, long local2) {
  private static final long MAX_16 = 0xffffL;
  private static final long MAX_32 = 0xffffffffL;

  public Community {
    long max = large ? MAX_32 : MAX_16;
    if (global < 0 || global > max || local1 < 0 || local1 > max || local2 < 0 || local2 > (large ? max : 0)) {
      throw new IllegalArgumentException("community part out of range (expected: 0.." + max + ")");
    }
  }

  /**
   * Parses {@code a:b} or {@code a:b:c}.
   *
   * @throws IllegalArgumentException naming what was wrong and what was expected
   */
  public static Community parse(String s) {
    String[] parts = s.split(":", -1);
    if (parts.length != 2 && parts.length != 3) {
      throw new IllegalArgumentException(
          "invalid community \"" + s + "\" (expected: RFC 1997 a:b or RFC 8092 large a:b:c)");
    }
    boolean large = parts.length == 3;
    long max = large ? MAX_32 : MAX_16;
    long[] v = new long[3];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 10 || !p.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        throw new IllegalArgumentException(
            "invalid community \"" + s + "\" (expected: decimal numbers, a:b or a:b:c)");
      }
      v[i] = Long.parseLong(p);
      if (v[i] > max) {
        throw new IllegalArgumentException(
            "invalid community \"" + s + "\": " + v[i] + " out of range (expected: 0.." + max
                + (large ? " in a large community)" : " in an RFC 1997 community)"));
      }
    }
    return new Community(large, v[0], v[1], v[2]);
  }

  /** True when the route's COMMUNITIES (RFC 1997) or LARGE_COMMUNITY (RFC 8092) holds this one. */
  public boolean carriedBy(PathAttributes attributes) {
    if (large) {
      for (LargeCommunity c : attributes.largeCommunities()) {
        if (c.globalAdministrator() == global && c.localData1() == local1 && c.localData2() == local2) {
          return true;
        }
      }
      return false;
    }
    int value = (int) (global << 16 | local1);
    for (int c : attributes.communities()) {
      if (c == value) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return large ? global + ":" + local1 + ":" + local2 : global + ":" + local1;
  }
}
