package org.bgpsentry.codec.wire;

import java.util.Set;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * Every session-dependent choice of the decoders in one record (docs/contributing.md R8), built from both
 * OPENs or from the MRT subtype: 4-octet AS numbers in AS_PATH/AGGREGATOR (RFC 6793 §4), the
 * families in which NLRI carry an ADD-PATH Path Identifier (RFC 7911 §3), and extended messages up
 * to 65535 octets (RFC 8654).
 */
public record DecodeContext(boolean fourOctetAs, Set<Family> addPathReceive, boolean extendedMessage) {
  /** 2-octet AS, no ADD-PATH, 4096-octet messages: a session before capabilities. */
  public static final DecodeContext DEFAULT = new DecodeContext(false, Set.of(), false);

  /** 4-octet AS, nothing else: TABLE_DUMP_V2, BGP4MP_MESSAGE_AS4, most sessions today. */
  public static final DecodeContext FOUR_OCTET_AS = new DecodeContext(true, Set.of(), false);

  public DecodeContext {
    addPathReceive = Set.copyOf(addPathReceive);
  }

  /** 2- or 4-octet AS, no ADD-PATH, no extended messages. */
  public static DecodeContext of(boolean fourOctetAs) {
    return fourOctetAs ? FOUR_OCTET_AS : DEFAULT;
  }

  /** This context with ADD-PATH Path Identifiers in {@code families}. */
  public DecodeContext withAddPath(Family... families) {
    return new DecodeContext(fourOctetAs, Set.of(families), extendedMessage);
  }

  /** This context with RFC 8654 extended messages on or off. */
  public DecodeContext withExtendedMessage(boolean extended) {
    return new DecodeContext(fourOctetAs, addPathReceive, extended);
  }

  /** True when NLRI of {@code family} carry a Path Identifier. */
  public boolean addPath(Family family) {
    return !addPathReceive.isEmpty() && addPathReceive.contains(family);
  }

  /** The largest message allowed: 4096, or 65535 with RFC 8654. */
  public int maxMessageLength() {
    return extendedMessage ? MessageHeader.MAX_EXTENDED_LENGTH : MessageHeader.MAX_LENGTH;
  }
}
