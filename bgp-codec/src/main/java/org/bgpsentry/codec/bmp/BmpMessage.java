package org.bgpsentry.codec.bmp;

import java.util.List;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * Every BMP message: RFC 7854 §4, RFC 8671, RFC 9069. Immutable records holding no buffers
 * (docs/contributing.md R1).
 */
public sealed interface BmpMessage {
  BmpMessageType type();

  /** Initiation: RFC 7854 §4.3; sysDescr, sysName and String TLVs. */
  record Initiation(List<InformationTlv> tlvs) implements BmpMessage {
    public Initiation {
      tlvs = List.copyOf(tlvs);
    }

    public String sysName() {
      return InformationTlv.find(tlvs, InformationTlv.SYS_NAME);
    }

    public String sysDescr() {
      return InformationTlv.find(tlvs, InformationTlv.SYS_DESCR);
    }

    public BmpMessageType type() {
      return BmpMessageType.INITIATION;
    }
  }

  /** Termination: RFC 7854 §4.5; String and Reason TLVs. */
  record Termination(List<InformationTlv> tlvs) implements BmpMessage {
    public Termination {
      tlvs = List.copyOf(tlvs);
    }

    /** The Reason TLV (0 administratively closed .. 4 redundant connection), or -1. */
    public int reason() {
      for (InformationTlv t : tlvs) {
        if (t.type() == InformationTlv.TERMINATION_REASON && t.value().length() == 2) {
          return ((t.value().get(0) & 0xff) << 8) | (t.value().get(1) & 0xff);
        }
      }
      return -1;
    }

    public BmpMessageType type() {
      return BmpMessageType.TERMINATION;
    }
  }

  /**
   * Peer Up Notification: RFC 7854 §4.10, RFC 9069 §5.2. {@code sentOpen} is the OPEN the monitored
   * router sent to the peer, {@code receivedOpen} the one it received; either is null when the
   * router sent only a 19-octet BGP header in its place (FRR does for sessions that were up before
   * BMP was configured, and for its Loc-RIB). {@code localAddress} is IPv4 unless the V flag is set.
   */
  record PeerUp(
      PerPeerHeader peer,
      IpAddress localAddress,
      int localPort,
      int remotePort,
      Open sentOpen,
      Open receivedOpen,
      List<InformationTlv> tlvs)
      implements BmpMessage {
    public PeerUp {
      tlvs = List.copyOf(tlvs);
    }

    /** The RFC 9069 VRF/Table Name, or null. */
    public String tableName() {
      return InformationTlv.find(tlvs, InformationTlv.VRF_TABLE_NAME);
    }

    public BmpMessageType type() {
      return BmpMessageType.PEER_UP;
    }
  }

  /**
   * Peer Down Notification: RFC 7854 §4.9, RFC 9069 §5.3. By {@code reason}: 1 and 3 carry the
   * NOTIFICATION sent or received ({@code notification}), 2 the FSM event code ({@code
   * fsmEvent}), 4 and 5 nothing, 6 (RFC 9069) Information TLVs. An unknown reason keeps its data in
   * {@code data}, and so does a known one whose data does not have the reason's layout (the peer
   * is down all the same).
   *
   * @param notification the NOTIFICATION for reasons 1 and 3, else null
   * @param fsmEvent the FSM Event code for reason 2, else -1
   */
  record PeerDown(
      PerPeerHeader peer,
      int reason,
      Notification notification,
      int fsmEvent,
      List<InformationTlv> tlvs,
      OpaqueBytes data)
      implements BmpMessage {
    public static final int LOCAL_NOTIFICATION = 1;
    public static final int LOCAL_NO_NOTIFICATION = 2;
    public static final int REMOTE_NOTIFICATION = 3;
    public static final int REMOTE_NO_DATA = 4;
    public static final int PEER_DECONFIGURED = 5;
    public static final int LOCAL_SYSTEM_CLOSED_TLV = 6;

    public PeerDown {
      tlvs = List.copyOf(tlvs);
    }

    public BmpMessageType type() {
      return BmpMessageType.PEER_DOWN;
    }
  }

  /**
   * Route Monitoring: RFC 7854 §4.6. The UPDATE went through the BGP UPDATE codec with the
   * monitored peer's decode context; its RFC 7606 outcome is in {@code update}. An UPDATE so broken
   * that a BGP speaker would reset the session (RFC 7606 §3(a)-(b)) has an empty {@code Update}
   * and action {@code SESSION_RESET}: the station cannot reset anything and changes nothing.
   */
  record RouteMonitoring(PerPeerHeader peer, UpdateResult update) implements BmpMessage {
    public BmpMessageType type() {
      return BmpMessageType.ROUTE_MONITORING;
    }
  }

  /** Statistics Report: RFC 7854 §4.8. */
  record StatisticsReport(PerPeerHeader peer, List<Statistic> stats) implements BmpMessage {
    public StatisticsReport {
      stats = List.copyOf(stats);
    }

    public BmpMessageType type() {
      return BmpMessageType.STATISTICS_REPORT;
    }
  }

  /**
   * Route Mirroring: RFC 7854 §4.7. TLVs kept as received: type 0 a BGP PDU (not decoded: a
   * mirrored PDU may be the malformed one), type 1 Information (2-octet code).
   */
  record RouteMirroring(PerPeerHeader peer, List<InformationTlv> tlvs) implements BmpMessage {
    public RouteMirroring {
      tlvs = List.copyOf(tlvs);
    }

    public BmpMessageType type() {
      return BmpMessageType.ROUTE_MIRRORING;
    }
  }
}
