package org.bgpsentry.daemon.ingest;

import java.util.function.Consumer;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * Where the sources hand every message they receive, as its bytes are, for {@code
 * <prefix>.bmp_raw} (docs/scaling.md {@code publish_bmp_raw}): before the registry filter and
 * without a second decode. A BMP router's messages pass whole (RFC 7854 §4.1 common header
 * included); a BGP session's become BMP with the daemon in the router's place: Peer Up with the
 * OPENs really exchanged (§4.10), one Route Monitoring per UPDATE received (§4.6), Peer Down with
 * its §4.9 reason. Absent ({@code null} at the sources) when {@code publish_bmp_raw} is off: no
 * copy is made then.
 *
 * <p>Called on the sources' event loops: implementations only queue, and ask the sources to stop
 * reading ({@link #backpressure}) rather than drop anything.
 */
public interface BmpRawFeed {
  /** §4.9 reason 1: the local system closed the session; a NOTIFICATION PDU follows. */
  int LOCAL_NOTIFICATION = 1;
  /** §4.9 reason 2: the local system closed the session without a NOTIFICATION; an FSM event code follows. */
  int LOCAL_NO_NOTIFICATION = 2;
  /** §4.9 reason 3: the remote system closed the session with a NOTIFICATION PDU. */
  int REMOTE_NOTIFICATION = 3;
  /** §4.9 reason 4: the remote system closed the session without a NOTIFICATION. */
  int REMOTE_NO_NOTIFICATION = 4;

  /** One BMP message from the router at {@code router}, common header included, as it arrived. */
  void routerMessage(IpAddress router, byte[] message);

  /**
   * A BGP session reached Established: {@code sentOpen} and {@code receivedOpen} are the whole
   * OPEN messages (RFC 4271 §4.2, 19-octet header included); {@code fourOctetAs} whether both
   * sides advertised RFC 6793 (else the UPDATEs' AS_PATH has 2-octet ASNs: §4.2 A flag).
   */
  void sessionUp(PeerId peer, IpAddress peerBgpId, boolean fourOctetAs, IpAddress localAddress, int localPort,
      int remotePort, byte[] sentOpen, byte[] receivedOpen, long atMillis);

  /** One UPDATE the Established session received, the whole message as it arrived. */
  void sessionUpdate(PeerId peer, byte[] update, long atMillis);

  /**
   * The Established session went down: {@code reason} one of the §4.9 codes above, {@code data}
   * the whole NOTIFICATION message (reasons 1 and 3), the 2-octet FSM event code (2) or empty (4).
   */
  void sessionDown(PeerId peer, int reason, byte[] data, long atMillis);

  /** Where to send backpressure: false = stop reading from the sources, true = read again. */
  void backpressure(Consumer<Boolean> reading);
}
