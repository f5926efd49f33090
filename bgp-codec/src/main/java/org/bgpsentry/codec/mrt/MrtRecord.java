package org.bgpsentry.codec.mrt;

import java.util.List;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.model.nlri.Safi;

/**
 * One decoded MRT record (RFC 6396, RFC 8050). BGP messages and path attributes stay as bytes here:
 * the consumer decodes them with the wire codecs and the {@link
 * org.bgpsentry.codec.wire.DecodeContext} the record implies ({@code fourOctetAs}, {@code
 * addPath}). Prefixes are kept as on the wire (address bytes plus length, host bits as sent);
 * {@code prefix()} gives the canonical form.
 */
public sealed interface MrtRecord {
  MrtHeader header();

  /** TABLE_DUMP (type 12) entry: RFC 6396 §4.2. {@code attributes} is the attribute field. */
  record TableDump(
      MrtHeader header,
      int viewNumber,
      int sequenceNumber,
      IpAddress prefixAddress,
      int prefixLength,
      int status,
      long originatedTime,
      IpAddress peerAddress,
      long peerAs,
      OpaqueBytes attributes)
      implements MrtRecord {
    public Prefix prefix() {
      return canonical(prefixAddress, prefixLength);
    }
  }

  /** TABLE_DUMP_V2 PEER_INDEX_TABLE: RFC 6396 §4.3.1. */
  record PeerIndexTable(
      MrtHeader header, IpAddress collectorBgpId, String viewName, List<PeerEntry> peers)
      implements MrtRecord {
    public PeerIndexTable {
      peers = List.copyOf(peers);
    }
  }

  /** One PEER_INDEX_TABLE entry; {@code fourOctetAs} is the Peer Type's A bit. */
  record PeerEntry(IpAddress bgpId, IpAddress address, long asn, boolean fourOctetAs) {}

  /**
   * RIB_IPV4_UNICAST, RIB_IPV4_MULTICAST, RIB_IPV6_UNICAST, RIB_IPV6_MULTICAST (RFC 6396 §4.3.2)
   * and their _ADDPATH variants (RFC 8050 §4).
   */
  record Rib(
      MrtHeader header,
      long sequenceNumber,
      Afi afi,
      Safi safi,
      boolean addPath,
      IpAddress prefixAddress,
      int prefixLength,
      List<RibEntry> entries)
      implements MrtRecord {
    public Rib {
      entries = List.copyOf(entries);
    }

    public Prefix prefix() {
      return canonical(prefixAddress, prefixLength);
    }
  }

  /** RIB_GENERIC and RIB_GENERIC_ADDPATH: RFC 6396 §4.3.3, RFC 8050 §4; NLRI kept as bytes. */
  record RibGeneric(
      MrtHeader header,
      long sequenceNumber,
      Afi afi,
      Safi safi,
      boolean addPath,
      OpaqueBytes nlri,
      List<RibEntry> entries)
      implements MrtRecord {
    public RibGeneric {
      entries = List.copyOf(entries);
    }
  }

  /**
   * One RIB entry: RFC 6396 §4.3.4; {@code pathId} is the RFC 8050 Path Identifier, or {@link
   * org.bgpsentry.codec.model.nlri.Nlri#NO_PATH_ID}. The attributes use 4-octet ASNs and the
   * abbreviated MP_REACH_NLRI of RFC 6396 §4.3.4.
   */
  record RibEntry(int peerIndex, long originatedTime, long pathId, OpaqueBytes attributes) {}

  /**
   * BGP4MP(_ET) MESSAGE, MESSAGE_AS4, MESSAGE_LOCAL, MESSAGE_AS4_LOCAL (RFC 6396 §4.4.2-4.4.6) and
   * the _ADDPATH variants (RFC 8050 §3). {@code message} is the whole BGP message, marker included.
   * For the _LOCAL subtypes the message was sent by the collector to the peer.
   */
  record Bgp4mpMessage(
      MrtHeader header,
      long peerAs,
      long localAs,
      int interfaceIndex,
      Afi afi,
      IpAddress peerAddress,
      IpAddress localAddress,
      boolean fourOctetAs,
      boolean local,
      boolean addPath,
      OpaqueBytes message)
      implements MrtRecord {}

  /**
   * BGP4MP(_ET) STATE_CHANGE and STATE_CHANGE_AS4: RFC 6396 §4.4.1, §4.4.4. States are the RFC 4271
   * §8.2.2 FSM codes (1 Idle .. 6 Established).
   */
  record Bgp4mpStateChange(
      MrtHeader header,
      long peerAs,
      long localAs,
      int interfaceIndex,
      Afi afi,
      IpAddress peerAddress,
      IpAddress localAddress,
      int oldState,
      int newState)
      implements MrtRecord {}

  /**
   * Deprecated type 5 BGP_UPDATE (RFC 6396 Appendix B.2.2): 2-octet ASNs, IPv4 only; {@code update}
   * is the UPDATE message body (from Withdrawn Routes Length on, no BGP header).
   */
  record BgpUpdate(
      MrtHeader header,
      long peerAs,
      IpAddress peerAddress,
      long localAs,
      IpAddress localAddress,
      OpaqueBytes update)
      implements MrtRecord {}

  /** Deprecated type 5 BGP_STATE_CHANGE (RFC 6396 Appendix B.2.2). */
  record BgpStateChange(
      MrtHeader header, long peerAs, IpAddress peerAddress, int oldState, int newState)
      implements MrtRecord {}

  private static Prefix canonical(IpAddress address, int length) {
    return address.ipv6()
        ? Prefix.ipv6(address.hi(), address.lo(), length)
        : Prefix.ipv4(address.ipv4Address(), length);
  }
}
