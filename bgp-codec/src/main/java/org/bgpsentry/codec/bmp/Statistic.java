package org.bgpsentry.codec.bmp;

import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * One Stat TLV of a Statistics Report: RFC 7854 §4.8 (types 0-13), RFC 8671 §5 (14-17), open
 * registry. {@code data} is the Stat Data as received; a 4-octet counter or 8-octet gauge is also
 * read into {@code value}, and an 11-octet per-AFI/SAFI gauge (types 9, 10, 15, 17) into {@code
 * family} and {@code value}. Other lengths (vendor types such as FRR's 65531) have {@code value}
 * 0 and are not {@link #numeric()}.
 *
 * @param family the AFI/SAFI of a per-family gauge, or null
 */
public record Statistic(int type, Family family, long value, OpaqueBytes data) {
  /** True when {@link #value()} holds the counter or gauge. */
  public boolean numeric() {
    int n = data.length();
    return n == 4 || n == 8 || n == 11;
  }
}
