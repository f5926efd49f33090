package org.bgpsentry.daemon.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.attr.PathAttributesCodec;

/**
 * Writes small MRT files (RFC 6396) for scenario tests: TABLE_DUMP_V2 PEER_INDEX_TABLE and
 * RIB_IPV4_UNICAST, BGP4MP MESSAGE_AS4 and STATE_CHANGE_AS4, IPv4 peers with 4-octet ASNs.
 */
final class MrtBuilder {
  static final long LOCAL_AS = 12654;
  static final IpAddress LOCAL_IP = IpAddress.parse("193.0.4.28");

  private final ByteBuf out = Unpooled.buffer();

  record Peer(String address, long asn) {
    IpAddress ip() {
      return IpAddress.parse(address);
    }
  }

  record RibEntry(int peerIndex, Instant originated, long... asns) {}

  static PathAttributes path(long... asns) {
    return PathAttributes.of(
        new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(asns))),
        new PathAttribute.NextHop(IpAddress.parse("192.0.2.1")));
  }

  private void header(Instant at, int type, int subtype, int length) {
    out.writeInt((int) at.getEpochSecond()).writeShort(type).writeShort(subtype).writeInt(length);
  }

  /** RFC 6396 §4.3.1. */
  MrtBuilder peerIndex(Instant at, List<Peer> peers) {
    ByteBuf b = Unpooled.buffer();
    b.writeBytes(LOCAL_IP.bytes()).writeShort(0).writeShort(peers.size());
    for (Peer p : peers) {
      b.writeByte(0x02).writeBytes(p.ip().bytes()).writeBytes(p.ip().bytes()).writeInt((int) p.asn());
    }
    return record(at, 13, 1, b);
  }

  /** RFC 6396 §4.3.2 RIB_IPV4_UNICAST. */
  MrtBuilder rib(Instant at, int sequence, String prefix, List<RibEntry> entries) {
    Prefix p = Prefix.parse(prefix);
    ByteBuf b = Unpooled.buffer();
    b.writeInt(sequence).writeByte(p.length());
    b.writeBytes(p.addressBytes(), 0, (p.length() + 7) / 8);
    b.writeShort(entries.size());
    for (RibEntry e : entries) {
      ByteBuf attrs = Unpooled.buffer();
      PathAttributesCodec.encode(path(e.asns()), DecodeContext.FOUR_OCTET_AS, true, attrs);
      b.writeShort(e.peerIndex()).writeInt((int) e.originated().getEpochSecond());
      b.writeShort(attrs.readableBytes()).writeBytes(attrs);
      attrs.release();
    }
    return record(at, 13, 2, b);
  }

  /** RFC 6396 §4.4.3 BGP4MP_MESSAGE_AS4 carrying an UPDATE. */
  MrtBuilder update(Instant at, Peer peer, Update update) {
    ByteBuf b = bgp4mpHead(peer);
    BgpMessageCodec.encode(update, DecodeContext.FOUR_OCTET_AS, b);
    return record(at, 16, 4, b);
  }

  /** RFC 6396 §4.4.3 BGP4MP_MESSAGE_AS4 carrying an UPDATE whose body (RFC 4271 §4.3) is given as hex. */
  MrtBuilder update(Instant at, Peer peer, String bodyHex) {
    byte[] body = java.util.HexFormat.of().parseHex(bodyHex.replace(" ", ""));
    ByteBuf b = bgp4mpHead(peer);
    for (int i = 0; i < 16; i++) {
      b.writeByte(0xff);
    }
    b.writeShort(19 + body.length).writeByte(2).writeBytes(body);
    return record(at, 16, 4, b);
  }

  MrtBuilder announce(Instant at, Peer peer, String prefix, long... asns) {
    return update(at, peer, new Update(List.of(), path(asns), List.of(Nlri.of(Prefix.parse(prefix)))));
  }

  MrtBuilder withdraw(Instant at, Peer peer, String prefix) {
    return update(at, peer, new Update(List.of(Nlri.of(Prefix.parse(prefix))), PathAttributes.EMPTY, List.of()));
  }

  /** RFC 6396 §4.4.4 BGP4MP_STATE_CHANGE_AS4. */
  MrtBuilder stateChange(Instant at, Peer peer, int oldState, int newState) {
    ByteBuf b = bgp4mpHead(peer);
    b.writeShort(oldState).writeShort(newState);
    return record(at, 16, 5, b);
  }

  private static ByteBuf bgp4mpHead(Peer peer) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt((int) peer.asn()).writeInt((int) LOCAL_AS).writeShort(0).writeShort(1);
    b.writeBytes(peer.ip().bytes()).writeBytes(LOCAL_IP.bytes());
    return b;
  }

  private MrtBuilder record(Instant at, int type, int subtype, ByteBuf body) {
    header(at, type, subtype, body.readableBytes());
    out.writeBytes(body);
    body.release();
    return this;
  }

  void writeTo(Path file) throws IOException {
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();
    Files.write(file, bytes);
  }
}
