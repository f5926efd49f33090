package org.bgpsentry.daemon.session;

import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;

/**
 * What an FSM event asks the session to do (RFC 4271 §8.2.2 "actions"), in order. The pure {@link
 * SessionFsm} returns these; {@link PeerSession} performs them on its event loop.
 */
public sealed interface SessionAction {
  /** Initiate a TCP connection to the peer. */
  record Connect() implements SessionAction {}

  /** Send our OPEN. */
  record SendOpen() implements SessionAction {}

  /** Send a KEEPALIVE. */
  record SendKeepalive() implements SessionAction {}

  /** Send this NOTIFICATION (then the connection is dropped by a following action). */
  record SendNotification(NotificationError error, OpaqueBytes data) implements SessionAction {}

  /** Drop the TCP connection. */
  record DropConnection() implements SessionAction {}

  /** (Re)start a timer; {@code seconds == 0} means the timer is not used (hold time 0). */
  record StartTimer(SessionTimer timer, int seconds) implements SessionAction {}

  /** Stop a timer. */
  record StopTimer(SessionTimer timer) implements SessionAction {}

  /** The session reached Established: announce End-of-RIB, tell analytics. */
  record SessionUp() implements SessionAction {}

  /** The session left Established: release the peer's routes ("release all BGP resources"). */
  record SessionDown(String reason) implements SessionAction {}

  Connect CONNECT = new Connect();
  SendOpen SEND_OPEN = new SendOpen();
  SendKeepalive SEND_KEEPALIVE = new SendKeepalive();
  DropConnection DROP = new DropConnection();
  SessionUp UP = new SessionUp();
}
