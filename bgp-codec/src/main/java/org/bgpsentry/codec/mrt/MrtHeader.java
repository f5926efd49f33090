package org.bgpsentry.codec.mrt;

/**
 * The MRT common header, RFC 6396 §2, with the microsecond timestamp of the Extended Timestamp
 * types (RFC 6396 §3): {@code microseconds} is 0 for the other types. {@code length} is the length
 * of the message field (for _ET types without the 4 microsecond octets).
 */
public record MrtHeader(long timestamp, int microseconds, int type, int subtype, long length) {
  /** Deprecated type 5 BGP (RFC 6396 Appendix B.2.2), used by the 1999/2000 RIS archives. */
  public static final int BGP = 5;

  /** Type 12 TABLE_DUMP: RFC 6396 §4.2. */
  public static final int TABLE_DUMP = 12;

  /** Type 13 TABLE_DUMP_V2: RFC 6396 §4.3. */
  public static final int TABLE_DUMP_V2 = 13;

  /** Type 16 BGP4MP: RFC 6396 §4.4. */
  public static final int BGP4MP = 16;

  /** Type 17 BGP4MP_ET: RFC 6396 §4.4 with the extended timestamp of §3. */
  public static final int BGP4MP_ET = 17;

  /** True for the Extended Timestamp types, whose timestamps carry microseconds. */
  public boolean extendedTimestamp() {
    return type == BGP4MP_ET;
  }
}
