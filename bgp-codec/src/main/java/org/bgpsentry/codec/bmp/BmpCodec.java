package org.bgpsentry.codec.bmp;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.codec.wire.MessageHeader;
import org.bgpsentry.codec.wire.NotificationCodec;
import org.bgpsentry.codec.wire.OpenCodec;
import org.bgpsentry.codec.wire.RibUpdate;
import org.bgpsentry.codec.wire.UpdateCodec;

/**
 * BMP message bodies after {@link BmpHeader#read}: RFC 7854 §4.3-4.10, RFC 8671, RFC 9069. The
 * UPDATE of a Route Monitoring message goes through the one BGP UPDATE codec with the decode
 * context the caller derives for its per-peer header (see {@link BmpPeerContext}).
 */
public final class BmpCodec {
  private static final int TLV_HEADER = 4;

  private BmpCodec() {}

  /**
   * Decodes the body of a message of {@code type} (the bytes after the common header, consumed
   * entirely).
   *
   * @param contexts the decode context of the monitored peer a per-peer header names
   * @throws BmpDecodeException when the body does not fit the message's layout (the framing is
   *     intact: the caller may skip the message)
   */
  public static BmpMessage decode(
      BmpMessageType type, ByteBuf body, Function<PerPeerHeader, DecodeContext> contexts) {
    BmpMessage msg =
        switch (type) {
          case INITIATION -> new BmpMessage.Initiation(tlvs(body));
          case TERMINATION -> new BmpMessage.Termination(tlvs(body));
          case PEER_UP -> peerUp(body);
          case PEER_DOWN -> peerDown(body);
          case ROUTE_MONITORING -> routeMonitoring(body, contexts, false).message();
          case STATISTICS_REPORT -> statisticsReport(body);
          case ROUTE_MIRRORING ->
              new BmpMessage.RouteMirroring(PerPeerHeader.read(body), tlvs(body));
        };
    noneAfter(type, body);
    return msg;
  }

  /**
   * Decodes the body of a Route Monitoring message (RFC 7854 §4.6) as an Adj-RIB-In takes it: as
   * {@link #decode}, its UPDATE through {@link UpdateCodec#decodeForRib}, so that the per-route
   * attribute sets are cut from the wire in the one walk that decodes it.
   *
   * @throws BmpDecodeException as {@link #decode}
   */
  public static RibRouteMonitoring decodeRouteMonitoringForRib(
      ByteBuf body, Function<PerPeerHeader, DecodeContext> contexts) {
    RibRouteMonitoring rm = routeMonitoring(body, contexts, true);
    noneAfter(BmpMessageType.ROUTE_MONITORING, body);
    return rm;
  }

  private static void noneAfter(BmpMessageType type, ByteBuf body) {
    if (body.isReadable()) {
      throw new BmpDecodeException(
          type + ": " + body.readableBytes() + " octets after the message (expected: none)");
    }
  }

  /*
   * Peer Up: RFC 7854 §4.10.
   *  per-peer header (42) | Local Address (16) | Local Port (2) | Remote Port (2)
   *  | Sent OPEN Message | Received OPEN Message | Information (variable)
   */
  private static BmpMessage.PeerUp peerUp(ByteBuf body) {
    PerPeerHeader peer = PerPeerHeader.read(body);
    need(body, 20, "Peer Up local address and ports");
    byte[] addr = new byte[16];
    body.readBytes(addr);
    boolean v6 = !peer.locRib() && (peer.flags() & PerPeerHeader.FLAG_V) != 0;
    IpAddress local = IpAddress.of(v6 ? addr : java.util.Arrays.copyOfRange(addr, 12, 16));
    int localPort = body.readUnsignedShort();
    int remotePort = body.readUnsignedShort();
    Open sent = open(body, "Sent OPEN");
    Open received = open(body, "Received OPEN");
    return new BmpMessage.PeerUp(peer, local, localPort, remotePort, sent, received, tlvs(body));
  }

  /** A BGP OPEN message with its header, or null for a 19-octet header-only OPEN. */
  private static Open open(ByteBuf in, String what) {
    need(in, MessageHeader.HEADER_LENGTH, what);
    if (in.getUnsignedShort(in.readerIndex() + MessageHeader.MARKER_LENGTH)
            == MessageHeader.HEADER_LENGTH
        && in.getUnsignedByte(in.readerIndex() + MessageHeader.MARKER_LENGTH + 2)
            == MessageType.OPEN.code()
        && in.getLong(in.readerIndex()) == -1L
        && in.getLong(in.readerIndex() + 8) == -1L) {
      in.skipBytes(MessageHeader.HEADER_LENGTH);
      return null;
    }
    ByteBuf body = bgpMessage(in, MessageType.OPEN, false, what);
    try {
      Open open = OpenCodec.decode(body);
      if (body.isReadable()) {
        throw new BmpDecodeException(what + ": " + body.readableBytes() + " octets after the OPEN");
      }
      return open;
    } catch (BgpNotificationException e) {
      throw new BmpDecodeException(what + ": " + e.getMessage());
    }
  }

  /** Reads a BGP header of {@code type} and returns a slice of its body. */
  private static ByteBuf bgpMessage(ByteBuf in, MessageType type, boolean extended, String what) {
    MessageHeader h;
    try {
      h = MessageHeader.read(in, extended);
    } catch (BgpNotificationException e) {
      throw new BmpDecodeException(what + ": " + e.getMessage());
    }
    if (h == null) {
      throw new BmpDecodeException(
          what + ": " + in.readableBytes() + " octets (expected: a BGP message header)");
    }
    if (h.type() != type) {
      throw new BmpDecodeException(what + ": BGP " + h.type() + " (expected: " + type + ")");
    }
    need(in, h.bodyLength(), what);
    return in.readSlice(h.bodyLength());
  }

  /*
   * Peer Down: RFC 7854 §4.9, RFC 9069 §5.3.
   *  per-peer header (42) | Reason (1) | Data (present if Reason = 1, 2, 3 or 6)
   */
  private static BmpMessage.PeerDown peerDown(ByteBuf body) {
    PerPeerHeader peer = PerPeerHeader.read(body);
    need(body, 1, "Peer Down reason");
    int reason = body.readUnsignedByte();
    Notification notification = null;
    int fsmEvent = -1;
    List<InformationTlv> tlvs = List.of();
    // The peer is down whatever follows the reason: data that does not have the reason's layout
    // is kept in data rather than losing the Peer Down (pmacct likewise takes it).
    int dataStart = body.readerIndex();
    try {
      switch (reason) {
        case BmpMessage.PeerDown.LOCAL_NOTIFICATION, BmpMessage.PeerDown.REMOTE_NOTIFICATION -> {
          ByteBuf n = bgpMessage(body, MessageType.NOTIFICATION, true, "Peer Down NOTIFICATION");
          try {
            notification = NotificationCodec.decode(n);
          } catch (BgpNotificationException e) {
            throw new BmpDecodeException("Peer Down NOTIFICATION: " + e.getMessage());
          }
        }
        case BmpMessage.PeerDown.LOCAL_NO_NOTIFICATION -> {
          need(body, 2, "Peer Down FSM event code");
          fsmEvent = body.readUnsignedShort();
        }
        case BmpMessage.PeerDown.LOCAL_SYSTEM_CLOSED_TLV -> tlvs = tlvs(body);
        default -> {}
      }
    } catch (BmpDecodeException e) {
      body.readerIndex(dataStart);
      notification = null;
      fsmEvent = -1;
      tlvs = List.of();
    }
    OpaqueBytes data = copy(body, body.readableBytes());
    return new BmpMessage.PeerDown(peer, reason, notification, fsmEvent, tlvs, data);
  }

  /*
   * Route Monitoring: RFC 7854 §4.6.
   *  per-peer header (42) | BGP UPDATE PDU (with its header)
   */
  private static RibRouteMonitoring routeMonitoring(
      ByteBuf body, Function<PerPeerHeader, DecodeContext> contexts, boolean forRib) {
    PerPeerHeader peer = PerPeerHeader.read(body);
    ByteBuf update = bgpMessage(body, MessageType.UPDATE, true, "Route Monitoring UPDATE");
    DecodeContext ctx = contexts.apply(peer);
    RibUpdate result;
    int start = update.readerIndex();
    try {
      result =
          forRib
              ? UpdateCodec.decodeForRib(update, ctx)
              : new RibUpdate(UpdateCodec.decode(update, ctx), null, null);
    } catch (BgpNotificationException e) {
      // RFC 7606 §3: the errors a speaker answers with a session reset. A station cannot reset the
      // monitored session; it keeps the evidence and changes nothing.
      DecodeIssue issue =
          new DecodeIssue(
              e.error(),
              e.getMessage(),
              copy(update.readerIndex(start), update.readableBytes()),
              ErrorAction.SESSION_RESET);
      result =
          new RibUpdate(
              new UpdateResult(
                  new Update(List.of(), PathAttributes.EMPTY, List.of()),
                  ErrorAction.SESSION_RESET,
                  List.of(issue)),
              null,
              null);
    }
    update.readerIndex(update.writerIndex());
    return new RibRouteMonitoring(new BmpMessage.RouteMonitoring(peer, result.result()), result);
  }

  /*
   * Statistics Report: RFC 7854 §4.8.
   *  per-peer header (42) | Stats Count (4) | Stat Type (2) | Stat Len (2) | Stat Data ...
   */
  private static BmpMessage.StatisticsReport statisticsReport(ByteBuf body) {
    PerPeerHeader peer = PerPeerHeader.read(body);
    need(body, 4, "Stats Count");
    long count = body.readUnsignedInt();
    List<Statistic> stats = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      need(body, TLV_HEADER, "Stat TLV " + i + " of " + count);
      int type = body.readUnsignedShort();
      int len = body.readUnsignedShort();
      need(body, len, "Stat TLV type " + type);
      stats.add(statistic(type, body.readSlice(len)));
    }
    return new BmpMessage.StatisticsReport(peer, stats);
  }

  private static Statistic statistic(int type, ByteBuf v) {
    OpaqueBytes data = copy(v.duplicate(), v.readableBytes());
    return switch (v.readableBytes()) {
      case 4 -> new Statistic(type, null, v.readUnsignedInt(), data);
      case 8 -> new Statistic(type, null, v.readLong(), data);
      case 11 -> {
        int afi = v.readUnsignedShort();
        int safi = v.readUnsignedByte();
        yield new Statistic(type, Family.of(afi, safi), v.readLong(), data);
      }
      default -> {
        v.skipBytes(v.readableBytes());
        yield new Statistic(type, null, 0, data);
      }
    };
  }

  /** Information TLVs up to the end of {@code in}: RFC 7854 §4.4. */
  private static List<InformationTlv> tlvs(ByteBuf in) {
    List<InformationTlv> out = new ArrayList<>();
    while (in.isReadable()) {
      need(in, TLV_HEADER, "Information TLV header");
      int type = in.readUnsignedShort();
      int len = in.readUnsignedShort();
      need(in, len, "Information TLV type " + type);
      out.add(new InformationTlv(type, copy(in, len)));
    }
    return out;
  }

  private static OpaqueBytes copy(ByteBuf in, int len) {
    byte[] b = new byte[len];
    in.readBytes(b);
    return OpaqueBytes.wrap(b);
  }

  private static void need(ByteBuf in, int n, String what) {
    if (in.readableBytes() < n) {
      throw new BmpDecodeException(
          what + ": " + in.readableBytes() + " octets left (expected: at least " + n + ")");
    }
  }

  /**
   * Writes {@code msg} with its common header. Route Monitoring UPDATEs are encoded with the
   * context {@code contexts} gives for their per-peer header.
   */
  public static void encode(
      BmpMessage msg, Function<PerPeerHeader, DecodeContext> contexts, ByteBuf out) {
    int start = out.writerIndex();
    BmpHeader.write(out, msg.type(), 0);
    switch (msg) {
      case BmpMessage.Initiation m -> writeTlvs(m.tlvs(), out);
      case BmpMessage.Termination m -> writeTlvs(m.tlvs(), out);
      case BmpMessage.PeerUp m -> {
        m.peer().write(out);
        if (m.localAddress().ipv6()) {
          out.writeBytes(m.localAddress().bytes());
        } else {
          out.writeZero(12).writeBytes(m.localAddress().bytes());
        }
        out.writeShort(m.localPort()).writeShort(m.remotePort());
        writeOpen(m.sentOpen(), out);
        writeOpen(m.receivedOpen(), out);
        writeTlvs(m.tlvs(), out);
      }
      case BmpMessage.PeerDown m -> {
        m.peer().write(out);
        out.writeByte(m.reason());
        if (m.notification() != null) {
          BgpMessageCodec.encode(m.notification(), DecodeContext.DEFAULT.withExtendedMessage(true), out);
        }
        if (m.fsmEvent() >= 0) {
          out.writeShort(m.fsmEvent());
        }
        writeTlvs(m.tlvs(), out);
        out.writeBytes(m.data().toByteArray());
      }
      case BmpMessage.RouteMonitoring m -> {
        m.peer().write(out);
        BgpMessageCodec.encode(m.update().update(), contexts.apply(m.peer()), out);
      }
      case BmpMessage.StatisticsReport m -> {
        m.peer().write(out);
        out.writeInt(m.stats().size());
        for (Statistic s : m.stats()) {
          out.writeShort(s.type()).writeShort(s.data().length()).writeBytes(s.data().toByteArray());
        }
      }
      case BmpMessage.RouteMirroring m -> {
        m.peer().write(out);
        writeTlvs(m.tlvs(), out);
      }
    }
    out.setInt(start + 1, out.writerIndex() - start);
  }

  private static void writeOpen(Open open, ByteBuf out) {
    if (open == null) {
      MessageHeader.write(out, MessageType.OPEN, MessageHeader.HEADER_LENGTH);
    } else {
      BgpMessageCodec.encode(open, DecodeContext.DEFAULT, out);
    }
  }

  private static void writeTlvs(List<InformationTlv> tlvs, ByteBuf out) {
    for (InformationTlv t : tlvs) {
      out.writeShort(t.type()).writeShort(t.value().length()).writeBytes(t.value().toByteArray());
    }
  }
}
