package org.bgpsentry.codec.mrt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Safi;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpMessage;
import org.bgpsentry.codec.mrt.MrtRecord.Bgp4mpStateChange;
import org.bgpsentry.codec.mrt.MrtRecord.BgpStateChange;
import org.bgpsentry.codec.mrt.MrtRecord.BgpUpdate;
import org.bgpsentry.codec.mrt.MrtRecord.PeerEntry;
import org.bgpsentry.codec.mrt.MrtRecord.PeerIndexTable;
import org.bgpsentry.codec.mrt.MrtRecord.Rib;
import org.bgpsentry.codec.mrt.MrtRecord.RibEntry;
import org.bgpsentry.codec.mrt.MrtRecord.RibGeneric;
import org.bgpsentry.codec.mrt.MrtRecord.TableDump;

/**
 * Streams MRT records (RFC 6396, RFC 8050) from an uncompressed {@link InputStream}: reads one
 * common header (§2), then exactly the declared message field into a reused buffer, and decodes
 * that. Never holds more than one record. Records it cannot use are skipped and counted by reason
 * ({@link #skipped()}, and the {@link SkipListener}), never an exception: unknown types and
 * subtypes, and message fields too short for their subtype. A header or message field cut short by
 * the end of the input ends the stream (the length is then all we know of the framing, as in
 * bgpdump). Not thread-safe; close it to release the buffer (and the stream).
 */
public final class MrtReader implements AutoCloseable {
  /** Larger declared lengths are taken as broken framing: the stream ends there. */
  static final long MAX_RECORD_LENGTH = 16 << 20;

  /** Told about every skipped record (for logging); {@code reason} is the counted key. */
  @FunctionalInterface
  public interface SkipListener {
    void skipped(String reason, String detail);
  }

  private final InputStream in;
  private final SkipListener listener;
  private final byte[] header = new byte[16];
  private final Map<String, Long> skipped = new LinkedHashMap<>();
  private ByteBuf body = Unpooled.buffer(4096);
  private boolean ended;

  public MrtReader(InputStream in) {
    this(in, (reason, detail) -> {});
  }

  public MrtReader(InputStream in, SkipListener listener) {
    this.in = in;
    this.listener = listener;
  }

  /** Skipped records (and a cut-off end of input) counted by reason, in first-seen order. */
  public Map<String, Long> skipped() {
    return Collections.unmodifiableMap(skipped);
  }

  /** The next decoded record, or null at the end of the input. */
  public MrtRecord next() throws IOException {
    while (!ended) {
      MrtHeader h = readHeader();
      if (h == null) {
        ended = true;
        return null;
      }
      if (h.length() > MAX_RECORD_LENGTH) {
        skip("implausible record length", "type " + h.type() + " length " + h.length());
        ended = true;
        return null;
      }
      int length = (int) h.length();
      body.clear();
      body.ensureWritable(length);
      while (body.readableBytes() < length) {
        if (body.writeBytes(in, length - body.readableBytes()) < 0) {
          break;
        }
      }
      if (body.readableBytes() < length) {
        skip(
            "truncated record",
            "type "
                + h.type()
                + " declares "
                + length
                + " bytes, "
                + body.readableBytes()
                + " left");
        ended = true;
        return null;
      }
      MrtRecord r = decode(h, body);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /** RFC 6396 §2 and §3: the 12-octet header, plus the microseconds of the _ET types. */
  private MrtHeader readHeader() throws IOException {
    int n = in.readNBytes(header, 0, 12);
    if (n == 0) {
      return null;
    }
    if (n < 12) {
      skip("truncated header", n + " of 12 header bytes at the end of the input");
      return null;
    }
    ByteBuf b = Unpooled.wrappedBuffer(header);
    long timestamp = b.readUnsignedInt();
    int type = b.readUnsignedShort();
    int subtype = b.readUnsignedShort();
    long length = b.readUnsignedInt();
    int micros = 0;
    if (type == MrtHeader.BGP4MP_ET) {
      if (in.readNBytes(header, 12, 4) < 4 || length < 4) {
        skip("truncated header", "BGP4MP_ET header without its microsecond timestamp");
        return null;
      }
      micros = (int) b.getUnsignedInt(12);
      length -= 4; // RFC 6396 §3: the microseconds count in the Length field
    }
    return new MrtHeader(timestamp, micros, type, subtype, length);
  }

  private MrtRecord decode(MrtHeader h, ByteBuf b) {
    return switch (h.type()) {
      case MrtHeader.BGP -> decodeBgp(h, b);
      case MrtHeader.TABLE_DUMP -> decodeTableDump(h, b);
      case MrtHeader.TABLE_DUMP_V2 -> decodeTableDumpV2(h, b);
      case MrtHeader.BGP4MP, MrtHeader.BGP4MP_ET -> decodeBgp4mp(h, b);
      default -> skipRecord("unknown type", h);
    };
  }

  /** RFC 6396 Appendix B.2.2: deprecated type 5 BGP, subtypes BGP_UPDATE and BGP_STATE_CHANGE. */
  private MrtRecord decodeBgp(MrtHeader h, ByteBuf b) {
    return switch (h.subtype()) {
      case 1 -> {
        if (b.readableBytes() < 12) {
          yield skipRecord("truncated BGP_UPDATE", h);
        }
        long peerAs = b.readUnsignedShort();
        IpAddress peer = IpAddress.ipv4(b.readInt());
        long localAs = b.readUnsignedShort();
        IpAddress local = IpAddress.ipv4(b.readInt());
        yield new BgpUpdate(h, peerAs, peer, localAs, local, bytes(b, b.readableBytes()));
      }
      case 3 -> {
        if (b.readableBytes() < 10) {
          yield skipRecord("truncated BGP_STATE_CHANGE", h);
        }
        long peerAs = b.readUnsignedShort();
        IpAddress peer = IpAddress.ipv4(b.readInt());
        yield new BgpStateChange(h, peerAs, peer, b.readUnsignedShort(), b.readUnsignedShort());
      }
      default -> skipRecord("unsupported BGP subtype", h);
    };
  }

  /** RFC 6396 §4.2: TABLE_DUMP, subtype = AFI (1 IPv4, 2 IPv6), 2-octet ASNs. */
  private MrtRecord decodeTableDump(MrtHeader h, ByteBuf b) {
    int width = h.subtype() == 1 ? 4 : h.subtype() == 2 ? 16 : 0;
    if (width == 0) {
      return skipRecord("unknown TABLE_DUMP subtype", h);
    }
    if (b.readableBytes() < 4 + width + 6 + width + 4) {
      return skipRecord("truncated TABLE_DUMP", h);
    }
    int view = b.readUnsignedShort();
    int sequence = b.readUnsignedShort();
    IpAddress prefix = address(b, width);
    int length = b.readUnsignedByte();
    int status = b.readUnsignedByte();
    long originated = b.readUnsignedInt();
    IpAddress peer = address(b, width);
    long peerAs = b.readUnsignedShort();
    int attrLength = b.readUnsignedShort();
    if (attrLength > b.readableBytes() || length > width * 8) {
      return skipRecord("truncated TABLE_DUMP", h);
    }
    return new TableDump(
        h, view, sequence, prefix, length, status, originated, peer, peerAs, bytes(b, attrLength));
  }

  /** RFC 6396 §4.3 and RFC 8050 §4: TABLE_DUMP_V2. */
  private MrtRecord decodeTableDumpV2(MrtHeader h, ByteBuf b) {
    int subtype = h.subtype();
    return switch (subtype) {
      case 1 -> decodePeerIndexTable(h, b);
      case 2, 3, 4, 5, 8, 9, 10, 11 -> decodeRib(h, b);
      case 6, 12 -> decodeRibGeneric(h, b);
      default -> skipRecord("unknown TABLE_DUMP_V2 subtype", h);
    };
  }

  /** RFC 6396 §4.3.1. */
  private MrtRecord decodePeerIndexTable(MrtHeader h, ByteBuf b) {
    if (b.readableBytes() < 6) {
      return skipRecord("truncated PEER_INDEX_TABLE", h);
    }
    IpAddress collector = IpAddress.ipv4(b.readInt());
    int nameLength = b.readUnsignedShort();
    if (b.readableBytes() < nameLength + 2) {
      return skipRecord("truncated PEER_INDEX_TABLE", h);
    }
    String view =
        b.readCharSequence(nameLength, java.nio.charset.StandardCharsets.UTF_8).toString();
    int count = b.readUnsignedShort();
    List<PeerEntry> peers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (b.readableBytes() < 1) {
        return skipRecord("truncated PEER_INDEX_TABLE", h);
      }
      int peerType = b.readUnsignedByte();
      boolean v6 = (peerType & 1) != 0;
      boolean as4 = (peerType & 2) != 0;
      if (b.readableBytes() < 4 + (v6 ? 16 : 4) + (as4 ? 4 : 2)) {
        return skipRecord("truncated PEER_INDEX_TABLE", h);
      }
      IpAddress bgpId = IpAddress.ipv4(b.readInt());
      IpAddress address = address(b, v6 ? 16 : 4);
      long asn = as4 ? b.readUnsignedInt() : b.readUnsignedShort();
      peers.add(new PeerEntry(bgpId, address, asn, as4));
    }
    return new PeerIndexTable(h, collector, view, peers);
  }

  /** RFC 6396 §4.3.2, RFC 8050 §4: AFI/SAFI-specific RIB subtypes. */
  private MrtRecord decodeRib(MrtHeader h, ByteBuf b) {
    int subtype = h.subtype();
    boolean addPath = subtype >= 8;
    int base = addPath ? subtype - 6 : subtype; // 2..5
    Afi afi = base <= 3 ? Afi.IPV4 : Afi.IPV6;
    Safi safi = base % 2 == 0 ? Safi.UNICAST : Safi.MULTICAST;
    int width = afi.addressBytes();
    if (b.readableBytes() < 5) {
      return skipRecord("truncated RIB record", h);
    }
    long sequence = b.readUnsignedInt();
    int length = b.readUnsignedByte();
    int octets = (length + 7) / 8;
    if (length > width * 8 || b.readableBytes() < octets + 2) {
      return skipRecord("truncated RIB record", h);
    }
    byte[] address = new byte[width];
    b.readBytes(address, 0, octets);
    List<RibEntry> entries = readRibEntries(h, b, addPath);
    return entries == null
        ? null
        : new Rib(h, sequence, afi, safi, addPath, IpAddress.of(address), length, entries);
  }

  /** RFC 6396 §4.3.3, RFC 8050 §4: RIB_GENERIC; the single NLRI is kept as bytes. */
  private MrtRecord decodeRibGeneric(MrtHeader h, ByteBuf b) {
    boolean addPath = h.subtype() == 12;
    if (b.readableBytes() < 8 + (addPath ? 4 : 0)) {
      return skipRecord("truncated RIB_GENERIC", h);
    }
    long sequence = b.readUnsignedInt();
    Afi afi = Afi.of(b.readUnsignedShort());
    Safi safi = Safi.of(b.readUnsignedByte());
    // RFC 8050 §4: the NLRI of RIB_GENERIC_ADDPATH starts with its Path Identifier.
    int start = b.readerIndex();
    int octets = (b.getUnsignedByte(start + (addPath ? 4 : 0)) + 7) / 8;
    int nlriLength = (addPath ? 4 : 0) + 1 + octets;
    if (b.readableBytes() < nlriLength + 2) {
      return skipRecord("truncated RIB_GENERIC", h);
    }
    OpaqueBytes nlri = bytes(b, nlriLength);
    List<RibEntry> entries = readRibEntries(h, b, addPath);
    return entries == null ? null : new RibGeneric(h, sequence, afi, safi, addPath, nlri, entries);
  }

  /** RFC 6396 §4.3.4 RIB entries, with the RFC 8050 Path Identifier for _ADDPATH subtypes. */
  private List<RibEntry> readRibEntries(MrtHeader h, ByteBuf b, boolean addPath) {
    int count = b.readUnsignedShort();
    List<RibEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      if (b.readableBytes() < 8 + (addPath ? 4 : 0)) {
        skipRecord("truncated RIB entry", h);
        return null;
      }
      int peerIndex = b.readUnsignedShort();
      long originated = b.readUnsignedInt();
      long pathId = addPath ? b.readUnsignedInt() : Nlri.NO_PATH_ID;
      int attrLength = b.readUnsignedShort();
      if (attrLength > b.readableBytes()) {
        skipRecord("truncated RIB entry", h);
        return null;
      }
      entries.add(new RibEntry(peerIndex, originated, pathId, bytes(b, attrLength)));
    }
    return entries;
  }

  /** RFC 6396 §4.4 and RFC 8050 §3: BGP4MP and BGP4MP_ET. */
  private MrtRecord decodeBgp4mp(MrtHeader h, ByteBuf b) {
    int subtype = h.subtype();
    return switch (subtype) {
      case 0, 5 -> decodeStateChange(h, b, subtype == 5);
      case 1, 4, 6, 7, 8, 9, 10, 11 -> decodeMessage(h, b, subtype);
      default -> skipRecord("unsupported BGP4MP subtype", h);
    };
  }

  /** RFC 6396 §4.4.1 and §4.4.4. */
  private MrtRecord decodeStateChange(MrtHeader h, ByteBuf b, boolean as4) {
    if (!as4 && h.length() == 8) {
      // Zebra wrote STATE_CHANGE without interface, AFI and addresses (RIS 2000 archives).
      IpAddress none = IpAddress.ipv4(0);
      long peerAs = b.readUnsignedShort();
      long localAs = b.readUnsignedShort();
      return new Bgp4mpStateChange(
          h,
          peerAs,
          localAs,
          0,
          Afi.IPV4,
          none,
          none,
          b.readUnsignedShort(),
          b.readUnsignedShort());
    }
    int asWidth = as4 ? 4 : 2;
    if (b.readableBytes() < 2 * asWidth + 4) {
      return skipRecord("truncated STATE_CHANGE", h);
    }
    long peerAs = as4 ? b.readUnsignedInt() : b.readUnsignedShort();
    long localAs = as4 ? b.readUnsignedInt() : b.readUnsignedShort();
    int ifIndex = b.readUnsignedShort();
    Afi afi = Afi.of(b.readUnsignedShort());
    int width = afi.addressBytes();
    if (width < 0) {
      return skipRecord("unsupported STATE_CHANGE AFI", h);
    }
    if (b.readableBytes() != 2 * width + 4) {
      return skipRecord("bad STATE_CHANGE length", h);
    }
    IpAddress peer = address(b, width);
    IpAddress local = address(b, width);
    return new Bgp4mpStateChange(
        h,
        peerAs,
        localAs,
        ifIndex,
        afi,
        peer,
        local,
        b.readUnsignedShort(),
        b.readUnsignedShort());
  }

  /** RFC 6396 §4.4.2, §4.4.3, §4.4.5, §4.4.6; RFC 8050 §3. */
  private MrtRecord decodeMessage(MrtHeader h, ByteBuf b, int subtype) {
    boolean as4 = subtype == 4 || subtype == 7 || subtype == 9 || subtype == 11;
    boolean local = subtype == 6 || subtype == 7 || subtype == 10 || subtype == 11;
    boolean addPath = subtype >= 8;
    int asWidth = as4 ? 4 : 2;
    if (b.readableBytes() < 2 * asWidth + 4) {
      return skipRecord("truncated BGP4MP message", h);
    }
    long peerAs = as4 ? b.readUnsignedInt() : b.readUnsignedShort();
    long localAs = as4 ? b.readUnsignedInt() : b.readUnsignedShort();
    int ifIndex = b.readUnsignedShort();
    int afiCode = b.readUnsignedShort();
    if (ifIndex == 0xffff && afiCode == 0xffff) {
      // Zebra wrote OPENs without interface, AFI and addresses: these four octets were the
      // start of the marker.
      IpAddress none = IpAddress.ipv4(0);
      byte[] message = new byte[4 + b.readableBytes()];
      java.util.Arrays.fill(message, 0, 4, (byte) 0xff);
      b.readBytes(message, 4, message.length - 4);
      return new Bgp4mpMessage(
          h,
          peerAs,
          localAs,
          0,
          Afi.IPV4,
          none,
          none,
          as4,
          local,
          addPath,
          OpaqueBytes.wrap(message));
    }
    Afi afi = Afi.of(afiCode);
    int width = afi.addressBytes();
    if (width < 0) {
      return skipRecord("unsupported BGP4MP AFI", h);
    }
    if (b.readableBytes() < 2 * width + 19) {
      return skipRecord("truncated BGP4MP message", h);
    }
    IpAddress peer = address(b, width);
    IpAddress localAddress = address(b, width);
    return new Bgp4mpMessage(
        h,
        peerAs,
        localAs,
        ifIndex,
        afi,
        peer,
        localAddress,
        as4,
        local,
        addPath,
        bytes(b, b.readableBytes()));
  }

  private static IpAddress address(ByteBuf b, int width) {
    if (width == 4) {
      return IpAddress.ipv4(b.readInt());
    }
    return new IpAddress(true, b.readLong(), b.readLong());
  }

  private static OpaqueBytes bytes(ByteBuf b, int length) {
    byte[] out = new byte[length];
    b.readBytes(out);
    return OpaqueBytes.wrap(out);
  }

  private MrtRecord skipRecord(String reason, MrtHeader h) {
    skip(reason, "type " + h.type() + " subtype " + h.subtype() + " length " + h.length());
    return null;
  }

  private void skip(String reason, String detail) {
    skipped.merge(reason, 1L, Long::sum);
    listener.skipped(reason, detail);
  }

  @Override
  public void close() throws IOException {
    if (body != null) {
      body.release();
      body = null;
    }
    in.close();
  }
}
