package org.bgpsentry.codec.wire;

import java.util.Set;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * Every session-dependent choice of the decoders in one record (docs/contributing.md R8), built from both
 * OPENs or from the MRT subtype: 4-octet AS numbers in AS_PATH/AGGREGATOR (RFC 6793 §4), the
 * families in which NLRI carry an ADD-PATH Path Identifier (RFC 7911 §3), and extended messages up
 * to 65535 octets (RFC 8654), and whether the attributes come from an MRT record (RFC 6396).
 *
 * <p>An MRT record is what a router held, not what a session sent: with {@code mrt}, attribute
 * values are decoded whatever their Optional/Transitive flags, as bgpdump does (BIRD 2 writes
 * NEXT_HOP and LOCAL_PREF of its TABLE_DUMP_V2 entries with flags 0x00), and the decoded set
 * carries the flags RFC 4271 §5 gives each attribute; the RFC 7606 §3(c) flag check stays for
 * sessions and BMP.
 */
public record DecodeContext(
    boolean fourOctetAs, Set<Family> addPathReceive, boolean extendedMessage, boolean mrt) {
  /** 2-octet AS, no ADD-PATH, 4096-octet messages: a session before capabilities. */
  public static final DecodeContext DEFAULT = new DecodeContext(false, Set.of(), false, false);

  /** 4-octet AS, nothing else: TABLE_DUMP_V2, BGP4MP_MESSAGE_AS4, most sessions today. */
  public static final DecodeContext FOUR_OCTET_AS = new DecodeContext(true, Set.of(), false, false);

  public DecodeContext {
    addPathReceive = Set.copyOf(addPathReceive);
  }

  /** A session's context (not MRT). */
  public DecodeContext(boolean fourOctetAs, Set<Family> addPathReceive, boolean extendedMessage) {
    this(fourOctetAs, addPathReceive, extendedMessage, false);
  }

  /** 2- or 4-octet AS, no ADD-PATH, no extended messages. */
  public static DecodeContext of(boolean fourOctetAs) {
    return fourOctetAs ? FOUR_OCTET_AS : DEFAULT;
  }

  /** This context with ADD-PATH Path Identifiers in {@code families}. */
  public DecodeContext withAddPath(Family... families) {
    return new DecodeContext(fourOctetAs, Set.of(families), extendedMessage, mrt);
  }

  /** This context with RFC 8654 extended messages on or off. */
  public DecodeContext withExtendedMessage(boolean extended) {
    return new DecodeContext(fourOctetAs, addPathReceive, extended, mrt);
  }

  /** This context for attributes read from an MRT record: flags are not checked. */
  public DecodeContext forMrt() {
    return new DecodeContext(fourOctetAs, addPathReceive, extendedMessage, true);
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
