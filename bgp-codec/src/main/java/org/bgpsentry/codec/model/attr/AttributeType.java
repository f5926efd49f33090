package org.bgpsentry.codec.model.attr;

/**
 * Path attribute type code, an open IANA registry (docs/contributing.md R2): any code 0..255 is a value.
 * Constants in RFC spelling. IANA "BGP Path Attributes".
 */
public record AttributeType(int code) {
  public static final AttributeType ORIGIN = new AttributeType(1);
  public static final AttributeType AS_PATH = new AttributeType(2);
  public static final AttributeType NEXT_HOP = new AttributeType(3);
  public static final AttributeType MULTI_EXIT_DISC = new AttributeType(4);
  public static final AttributeType LOCAL_PREF = new AttributeType(5);
  public static final AttributeType ATOMIC_AGGREGATE = new AttributeType(6);
  public static final AttributeType AGGREGATOR = new AttributeType(7);
  public static final AttributeType COMMUNITIES = new AttributeType(8);
  public static final AttributeType ORIGINATOR_ID = new AttributeType(9);
  public static final AttributeType CLUSTER_LIST = new AttributeType(10);
  public static final AttributeType MP_REACH_NLRI = new AttributeType(14);
  public static final AttributeType MP_UNREACH_NLRI = new AttributeType(15);
  public static final AttributeType EXTENDED_COMMUNITIES = new AttributeType(16);
  public static final AttributeType AS4_PATH = new AttributeType(17);
  public static final AttributeType AS4_AGGREGATOR = new AttributeType(18);
  public static final AttributeType IPV6_EXTENDED_COMMUNITIES = new AttributeType(25);
  public static final AttributeType AIGP = new AttributeType(26);
  public static final AttributeType LARGE_COMMUNITY = new AttributeType(32);
  public static final AttributeType OTC = new AttributeType(35);

  public AttributeType {
    if (code < 0 || code > 255) {
      throw new IllegalArgumentException("invalid attribute type: " + code + " (expected: 0..255)");
    }
  }
}
