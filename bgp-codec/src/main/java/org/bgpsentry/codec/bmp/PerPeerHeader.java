package org.bgpsentry.codec.bmp;

import io.netty.buffer.ByteBuf;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * The per-peer header: RFC 7854 §4.2, with the O flag of RFC 8671 §4 and the Loc-RIB form of RFC
 * 9069 §4.1.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Peer Type   |  Peer Flags   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Peer Distinguisher (present based on peer type)       |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Peer Address (16 bytes)                       |
 * ~                                                               ~
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Peer AS                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Peer BGP ID                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Timestamp (seconds)                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Timestamp (microseconds)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Peer Flags (types 0-2): V (0x80) IPv6 peer address, L (0x40) post-policy, A (0x20) legacy
 * 2-octet AS_PATH, O (0x10) Adj-RIB-Out (RFC 8671). Type 3 (Loc-RIB): F (0x80) filtered.
 * </pre>
 *
 * @param distinguisher the 8-octet Peer Distinguisher as a long (0 for a global instance peer)
 * @param address the peer's address (IPv4 from the last 4 octets unless V is set); for Loc-RIB
 *     all zeros (RFC 9069 §4.1)
 */
public record PerPeerHeader(
    PeerType peerType,
    int flags,
    long distinguisher,
    IpAddress address,
    long peerAs,
    IpAddress bgpId,
    long timestampSeconds,
    long timestampMicros) {
  public static final int LENGTH = 42;
  public static final int FLAG_V = 0x80;
  public static final int FLAG_L = 0x40;
  public static final int FLAG_A = 0x20;
  public static final int FLAG_O = 0x10;

  /** RFC 9069 §4.2: in a Loc-RIB per-peer header, the Loc-RIB is filtered. */
  public static final int FLAG_F = 0x80;

  /** True for RFC 9069 Loc-RIB instance peers (type 3). */
  public boolean locRib() {
    return peerType.isLocRib();
  }

  /** L: post-policy Adj-RIB-In or Adj-RIB-Out (RFC 7854 §4.2, RFC 8671 §4). */
  public boolean postPolicy() {
    return !locRib() && (flags & FLAG_L) != 0;
  }

  /** A: the AS_PATH is in the legacy 2-octet format (RFC 7854 §4.2). */
  public boolean legacyAsPath() {
    return !locRib() && (flags & FLAG_A) != 0;
  }

  /** O: the message is about the Adj-RIB-Out (RFC 8671 §4). */
  public boolean adjRibOut() {
    return !locRib() && (flags & FLAG_O) != 0;
  }

  /** The RIB the message is about. */
  public Rib rib() {
    if (locRib()) {
      return Rib.LOC_RIB;
    }
    if (adjRibOut()) {
      return postPolicy() ? Rib.ADJ_RIB_OUT_POST : Rib.ADJ_RIB_OUT_PRE;
    }
    return postPolicy() ? Rib.ADJ_RIB_IN_POST : Rib.ADJ_RIB_IN_PRE;
  }

  /**
   * Reads the 42-octet header.
   *
   * @throws BmpDecodeException when fewer than 42 octets remain
   */
  public static PerPeerHeader read(ByteBuf in) {
    if (in.readableBytes() < LENGTH) {
      throw new BmpDecodeException(
          "per-peer header of " + in.readableBytes() + " octets (expected: " + LENGTH + ")");
    }
    PeerType type = new PeerType(in.readUnsignedByte());
    int flags = in.readUnsignedByte();
    long distinguisher = in.readLong();
    byte[] addr = new byte[16];
    in.readBytes(addr);
    boolean v6 = !type.isLocRib() && (flags & FLAG_V) != 0;
    IpAddress address =
        v6 ? IpAddress.of(addr) : IpAddress.of(java.util.Arrays.copyOfRange(addr, 12, 16));
    long as = in.readUnsignedInt();
    IpAddress id = IpAddress.ipv4(in.readInt());
    long seconds = in.readUnsignedInt();
    long micros = in.readUnsignedInt();
    return new PerPeerHeader(type, flags, distinguisher, address, as, id, seconds, micros);
  }

  /** Writes the 42-octet header. */
  public void write(ByteBuf out) {
    out.writeByte(peerType.code()).writeByte(flags).writeLong(distinguisher);
    if (address.ipv6()) {
      out.writeBytes(address.bytes());
    } else {
      out.writeZero(12).writeBytes(address.bytes());
    }
    out.writeInt((int) peerAs).writeInt(bgpId.ipv4Address());
    out.writeInt((int) timestampSeconds).writeInt((int) timestampMicros);
  }
}
