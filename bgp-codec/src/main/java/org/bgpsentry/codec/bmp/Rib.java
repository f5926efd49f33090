package org.bgpsentry.codec.bmp;

/**
 * The RIB a BMP message describes, from the peer type and the L and O flags: RFC 7854 §4.2 (pre-
 * and post-policy Adj-RIB-In), RFC 8671 §4 (Adj-RIB-Out), RFC 9069 §4.1 (Loc-RIB). {@link #id()}
 * is the name used in configuration ({@code bmp.detect}), the API and metrics.
 */
public enum Rib {
  ADJ_RIB_IN_PRE("adj-rib-in-pre"),
  ADJ_RIB_IN_POST("adj-rib-in-post"),
  LOC_RIB("loc-rib"),
  ADJ_RIB_OUT_PRE("adj-rib-out-pre"),
  ADJ_RIB_OUT_POST("adj-rib-out-post");

  private final String id;

  Rib(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** The RIB with this id, or null. */
  public static Rib fromId(String id) {
    for (Rib r : values()) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    return null;
  }
}
