package org.bgpsentry.codec.wire.attr;

import java.util.List;

/**
 * The one table of attribute codecs (docs/contributing.md R3), keyed by type code. The comment on each row is
 * its RFC 7606 approach when malformed; types without a row are kept as {@code Unknown}.
 */
final class AttributeCodecs {
  static final List<AttributeCodec<?>> ROWS =
      List.of(
          new OriginCodec(), //               1  RFC 7606 §7.1: treat-as-withdraw
          new AsPathCodec(), //               2  RFC 7606 §7.2: treat-as-withdraw
          new NextHopCodec(), //              3  RFC 7606 §7.3: treat-as-withdraw
          new MultiExitDiscCodec(), //        4  RFC 7606 §7.4: treat-as-withdraw
          new LocalPrefCodec(), //            5  RFC 7606 §7.5: treat-as-withdraw
          new AtomicAggregateCodec(), //      6  RFC 7606 §7.6: attribute discard
          new AggregatorCodec(), //           7  RFC 7606 §7.7: attribute discard
          new CommunitiesCodec(), //          8  RFC 7606 §7.8: treat-as-withdraw
          new OriginatorIdCodec(), //         9  RFC 7606 §7.9: treat-as-withdraw
          new ClusterListCodec(), //         10  RFC 7606 §7.10: treat-as-withdraw
          new MpReachNlriCodec(), //         14  RFC 7606 §7.11: AFI/SAFI disable (no AFI: reset)
          new MpUnreachNlriCodec(), //       15  RFC 7606 §7.12: AFI/SAFI disable (no AFI: reset)
          new ExtendedCommunitiesCodec(), // 16  RFC 7606 §7.14: treat-as-withdraw
          new As4PathCodec(), //             17  RFC 6793 §6: attribute discard
          new As4AggregatorCodec(), //       18  RFC 6793 §6: attribute discard
          new Ipv6ExtendedCommunitiesCodec(), // 25  RFC 7606 §7.15: treat-as-withdraw
          new AigpCodec(), //                26  RFC 7311 §3.2: attribute discard
          new LargeCommunityCodec(), //      32  RFC 8092 §6: treat-as-withdraw
          new OtcCodec()); //                35  RFC 9234 §5: treat-as-withdraw

  private static final AttributeCodec<?>[] BY_TYPE = new AttributeCodec<?>[256];

  static {
    for (AttributeCodec<?> c : ROWS) {
      if (BY_TYPE[c.typeCode()] != null) {
        throw new IllegalStateException("two attribute codecs for type " + c.typeCode());
      }
      BY_TYPE[c.typeCode()] = c;
    }
  }

  private AttributeCodecs() {}

  /** The codec for a type code, or null when the type is kept as {@code Unknown}. */
  static AttributeCodec<?> forType(int typeCode) {
    return BY_TYPE[typeCode];
  }
}
