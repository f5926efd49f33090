package org.bgpsentry.codec.bmp;

import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * One Stat TLV of a Statistics Report: RFC 7854 §4.8 (types 0-13), RFC 8671 §5 (14-17), open
 * registry. A 4-octet counter or 8-octet gauge is read into {@code value}; the per-AFI/SAFI gauges
 * (types 9, 10, 15, 17 and any 11-octet value) carry AFI (2), SAFI (1) and an 8-octet gauge.
 * Anything else (vendor types such as FRR's 65531) is kept in {@code data}, {@code value} 0.
 *
 * @param family the AFI/SAFI of a per-family gauge, or null
 */
public record Statistic(int type, Family family, long value, OpaqueBytes data) {
  /** True when {@link #value()} holds the counter or gauge. */
  public boolean numeric() {
    return data.length() == 0;
  }
}
