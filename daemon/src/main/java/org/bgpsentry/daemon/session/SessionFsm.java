package org.bgpsentry.daemon.session;

import static org.bgpsentry.daemon.session.SessionState.ACTIVE;
import static org.bgpsentry.daemon.session.SessionState.CONNECT;
import static org.bgpsentry.daemon.session.SessionState.ESTABLISHED;
import static org.bgpsentry.daemon.session.SessionState.IDLE;
import static org.bgpsentry.daemon.session.SessionState.OPEN_CONFIRM;
import static org.bgpsentry.daemon.session.SessionState.OPEN_SENT;

import java.util.ArrayList;
import java.util.List;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.daemon.session.SessionAction.SendNotification;
import org.bgpsentry.daemon.session.SessionAction.SessionDown;
import org.bgpsentry.daemon.session.SessionAction.StartTimer;
import org.bgpsentry.daemon.session.SessionAction.StopTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP finite state machine of one peer: RFC 4271 §8, a pure class (docs/contributing.md R10). Each event
 * method is one RFC 4271 §8.1 event and returns the actions of §8.2.2 in order; nothing here does
 * I/O or reads a clock. {@link #transitionTo} is the one place the state changes; it logs {@code
 * old -> new (reason)} and tells the {@link Observer}.
 *
 * <p>Options (§8.1.1): automatic start and stop are always on (a monitor re-establishes by itself);
 * PassiveTcpEstablishment for passive peers, which never connect and wait in Active; DelayOpen when
 * {@code delayOpenSeconds > 0}; DampPeerOscillations as an IdleHold time that doubles after each
 * error, up to {@link #MAX_IDLE_HOLD_SECONDS}, and resets once Established (not after a session
 * closed for too many prefixes, {@link #maximumPrefixesReached}). Collision detection
 * (§6.8) belongs to {@link PeerConnections}, which reports OpenCollisionDump here.
 */
public final class SessionFsm {
  /** RFC 4271 §8.2.2: "a large value (suggested value: 4 minutes)" while waiting for OPEN. */
  static final int LARGE_HOLD_SECONDS = 240;

  static final int MAX_IDLE_HOLD_SECONDS = 120;

  private static final Logger log = LoggerFactory.getLogger(SessionFsm.class);

  /** Told of every state change. */
  @FunctionalInterface
  public interface Observer {
    void stateChanged(SessionState old, SessionState next, String reason);
  }

  private final String peer;
  private final boolean passive;
  private final int connectRetrySeconds;
  private int delayOpenSeconds;
  private final int idleHoldBaseSeconds;
  private final Observer observer;

  private SessionState state = IDLE;
  private boolean stopped = true;
  private boolean delayOpenRunning;
  private boolean keepIdleHold;
  private int idleHoldSeconds;
  private int holdTime;

  /**
   * @param peer name for logs
   * @param passive PassiveTcpEstablishment: wait for the peer to connect, never connect
   * @param connectRetrySeconds ConnectRetryTime (RFC suggests 120 s)
   * @param delayOpenSeconds DelayOpenTime; 0 = DelayOpen off
   * @param idleHoldBaseSeconds first IdleHoldTime after an error (active peers)
   */
  public SessionFsm(
      String peer,
      boolean passive,
      int connectRetrySeconds,
      int delayOpenSeconds,
      int idleHoldBaseSeconds,
      Observer observer) {
    this.peer = peer;
    this.passive = passive;
    this.connectRetrySeconds = connectRetrySeconds;
    this.delayOpenSeconds = delayOpenSeconds;
    this.idleHoldBaseSeconds = idleHoldBaseSeconds;
    this.idleHoldSeconds = idleHoldBaseSeconds;
    this.observer = observer;
  }

  public SessionState state() {
    return state;
  }

  /**
   * A new DelayOpenTime (config reload), used from the next TCP connection on (RFC 4271 §8.1.1: it
   * only holds back our OPEN after the connection comes up); a DelayOpenTimer running keeps its time.
   */
  public void delayOpen(int seconds) {
    this.delayOpenSeconds = seconds;
  }

  /** The IdleHold time the next error will wait (active peers). */
  public int idleHoldSeconds() {
    return idleHoldSeconds;
  }

  /** Whether the DelayOpenTimer runs: an OPEN now is event 20, answered with OPEN + KEEPALIVE. */
  public boolean delayOpenRunning() {
    return delayOpenRunning;
  }

  /** The negotiated Hold Time once OPEN was received (0 = no keepalives), else 0. */
  public int holdTime() {
    return holdTime;
  }

  /** Events 3 and 5, AutomaticStart (active) / with PassiveTcpEstablishment (passive). */
  public List<SessionAction> start() {
    stopped = false;
    List<SessionAction> out = new ArrayList<>();
    if (state == IDLE) {
      begin(out, "start");
    }
    return out;
  }

  /**
   * Event 2, ManualStop: a Cease NOTIFICATION with {@code data} (RFC 9003 shutdown communication)
   * when a connection exists in OpenSent or later, then Idle without automatic restart.
   */
  public List<SessionAction> stop(NotificationError cease, OpaqueBytes data, String reason) {
    stopped = true;
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case IDLE -> {}
      case CONNECT, ACTIVE -> toIdle(out, reason, null, null);
      case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED -> toIdle(out, reason, cease, data);
    }
    return out;
  }

  /** Event 9, ConnectRetryTimer_Expires. */
  public List<SessionAction> connectRetryTimerExpires() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case CONNECT, ACTIVE -> {
        if (passive) {
          return out;
        }
        out.add(SessionAction.DROP);
        stopTimer(out, SessionTimer.DELAY_OPEN);
        out.add(new StartTimer(SessionTimer.CONNECT_RETRY, connectRetrySeconds));
        out.add(SessionAction.CONNECT);
        transitionTo(CONNECT, "ConnectRetryTimer expired");
      }
      case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED -> fsmError(out, "ConnectRetryTimer expired");
      case IDLE -> {}
    }
    return out;
  }

  /** Event 10, HoldTimer_Expires: NOTIFICATION Hold Timer Expired (4/0). */
  public List<SessionAction> holdTimerExpires() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED ->
          toIdle(
              out, "hold timer expired", NotificationError.HOLD_TIMER_EXPIRED, OpaqueBytes.EMPTY);
      case CONNECT, ACTIVE -> toIdle(out, "hold timer expired", null, null);
      case IDLE -> {}
    }
    return out;
  }

  /** Event 11, KeepaliveTimer_Expires. */
  public List<SessionAction> keepaliveTimerExpires() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case OPEN_CONFIRM, ESTABLISHED -> {
        out.add(SessionAction.SEND_KEEPALIVE);
        out.add(new StartTimer(SessionTimer.KEEPALIVE, holdTime / 3));
      }
      case OPEN_SENT -> fsmError(out, "KeepaliveTimer expired in OpenSent");
      case CONNECT, ACTIVE -> toIdle(out, "KeepaliveTimer expired", null, null);
      case IDLE -> {}
    }
    return out;
  }

  /** Event 12, DelayOpenTimer_Expires: send the OPEN we held back. */
  public List<SessionAction> delayOpenTimerExpires() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case CONNECT, ACTIVE -> {
        if (delayOpenRunning) {
          delayOpenRunning = false;
          out.add(SessionAction.SEND_OPEN);
          out.add(new StartTimer(SessionTimer.HOLD, LARGE_HOLD_SECONDS));
          transitionTo(OPEN_SENT, "DelayOpenTimer expired, OPEN sent");
        }
      }
      case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED -> fsmError(out, "DelayOpenTimer expired");
      case IDLE -> {}
    }
    return out;
  }

  /** Event 13, IdleHoldTimer_Expires: automatic restart after damping. */
  public List<SessionAction> idleHoldTimerExpires() {
    List<SessionAction> out = new ArrayList<>();
    if (state == IDLE && !stopped) {
      begin(out, "IdleHoldTimer expired");
    }
    return out;
  }

  /**
   * Events 16/17, Tcp_CR_Acked / TcpConnectionConfirmed: a connection is up (ours or the peer's,
   * {@link PeerConnections} chose it). Send OPEN, or start DelayOpen.
   */
  public List<SessionAction> tcpConnected() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case CONNECT, ACTIVE -> {
        if (delayOpenSeconds > 0) {
          stopTimer(out, SessionTimer.CONNECT_RETRY);
          out.add(new StartTimer(SessionTimer.DELAY_OPEN, delayOpenSeconds));
          delayOpenRunning = true;
          return out;
        }
        stopTimer(out, SessionTimer.CONNECT_RETRY);
        out.add(SessionAction.SEND_OPEN);
        out.add(new StartTimer(SessionTimer.HOLD, LARGE_HOLD_SECONDS));
        transitionTo(OPEN_SENT, "connection up, OPEN sent");
      }
      // A second connection is PeerConnections' business (collision); the FSM has one.
      case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED, IDLE -> out.add(SessionAction.DROP);
    }
    return out;
  }

  /** Event 18, TcpConnectionFails. */
  public List<SessionAction> tcpConnectionFails() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case CONNECT, ACTIVE -> {
        if (delayOpenRunning) {
          delayOpenRunning = false;
          stopTimer(out, SessionTimer.DELAY_OPEN);
        }
        if (!passive) {
          out.add(new StartTimer(SessionTimer.CONNECT_RETRY, connectRetrySeconds));
        }
        transitionTo(ACTIVE, "connection failed");
      }
      case OPEN_SENT, OPEN_CONFIRM, ESTABLISHED -> toIdle(out, "connection closed", null, null);
      case IDLE -> {}
    }
    return out;
  }

  /**
   * Events 19/20, BGPOpen (with DelayOpenTimer running): the peer's OPEN was valid and negotiated
   * to {@code negotiatedHoldTime} (RFC 4271 §4.2: the smaller of both, 0 = no keepalives).
   */
  public List<SessionAction> openReceived(int negotiatedHoldTime) {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case CONNECT, ACTIVE -> {
        if (!delayOpenRunning) {
          toIdle(out, "OPEN before ours", NotificationError.FSM_ERROR, OpaqueBytes.EMPTY);
          return out;
        }
        delayOpenRunning = false;
        holdTime = negotiatedHoldTime;
        stopTimer(out, SessionTimer.CONNECT_RETRY);
        stopTimer(out, SessionTimer.DELAY_OPEN);
        out.add(SessionAction.SEND_OPEN);
        out.add(SessionAction.SEND_KEEPALIVE);
        startHoldAndKeepalive(out);
        transitionTo(OPEN_CONFIRM, "OPEN received during DelayOpen");
      }
      case OPEN_SENT -> {
        holdTime = negotiatedHoldTime;
        stopTimer(out, SessionTimer.CONNECT_RETRY);
        out.add(SessionAction.SEND_KEEPALIVE);
        startHoldAndKeepalive(out);
        transitionTo(OPEN_CONFIRM, "OPEN received");
      }
      case OPEN_CONFIRM, ESTABLISHED -> fsmError(out, "unexpected OPEN");
      case IDLE -> {}
    }
    return out;
  }

  /**
   * Events 21/22/28, BGPHeaderErr / BGPOpenMsgErr / UpdateMsgErr: NOTIFICATION {@code error} with
   * {@code data}, then Idle.
   */
  public List<SessionAction> messageError(
      NotificationError error, OpaqueBytes data, String reason) {
    List<SessionAction> out = new ArrayList<>();
    if (state != IDLE) {
      toIdle(out, reason, error, data);
    }
    return out;
  }

  /**
   * The peer sent more prefixes than configured: NOTIFICATION Cease / Maximum Number of Prefixes
   * Reached (RFC 4486 §4, 6/1, {@code data} = AFI, SAFI, upper bound), then Idle. Not an RFC 4271
   * §8.1 event: a local Cease like ManualStop but with automatic restart, which waits the IdleHold
   * time for passive peers too (their reconnect is refused meanwhile), and whose backoff keeps
   * doubling across the sessions that end this way (§8.1.1 DampPeerOscillations), so a peer that
   * keeps sending too many routes is retried at most every {@link #MAX_IDLE_HOLD_SECONDS}.
   */
  public List<SessionAction> maximumPrefixesReached(OpaqueBytes data, String reason) {
    List<SessionAction> out = new ArrayList<>();
    if (state == ESTABLISHED) {
      keepIdleHold = true;
      toIdle(out, reason, NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED, data, true);
    }
    return out;
  }

  /** Event 23, OpenCollisionDump: this connection lost the §6.8 collision resolution. */
  public List<SessionAction> openCollisionDump() {
    List<SessionAction> out = new ArrayList<>();
    if (state != IDLE) {
      toIdle(
          out,
          "connection collision",
          NotificationError.CONNECTION_COLLISION_RESOLUTION,
          OpaqueBytes.EMPTY);
    }
    return out;
  }

  /** Events 24/25, NotifMsgVerErr / NotifMsg: the peer closes the session. */
  public List<SessionAction> notificationReceived(String reason) {
    List<SessionAction> out = new ArrayList<>();
    if (state != IDLE) {
      toIdle(out, reason, null, null);
    }
    return out;
  }

  /** Event 26, KeepAliveMsg. */
  public List<SessionAction> keepaliveReceived() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case OPEN_CONFIRM -> {
        restartHold(out);
        if (!keepIdleHold) {
          idleHoldSeconds = idleHoldBaseSeconds;
        }
        keepIdleHold = false;
        out.add(SessionAction.UP);
        transitionTo(ESTABLISHED, "KEEPALIVE received");
      }
      case ESTABLISHED -> restartHold(out);
      case OPEN_SENT -> fsmError(out, "KEEPALIVE in OpenSent");
      case CONNECT, ACTIVE -> toIdle(out, "KEEPALIVE before OPEN", null, null);
      case IDLE -> {}
    }
    return out;
  }

  /** Event 27, UpdateMsg (also used for ROUTE-REFRESH, which likewise proves the peer alive). */
  public List<SessionAction> updateReceived() {
    List<SessionAction> out = new ArrayList<>();
    switch (state) {
      case ESTABLISHED -> restartHold(out);
      case OPEN_SENT, OPEN_CONFIRM -> fsmError(out, "UPDATE before Established");
      case CONNECT, ACTIVE -> toIdle(out, "UPDATE before OPEN", null, null);
      case IDLE -> {}
    }
    return out;
  }

  /** The one place the state changes: logs {@code old -> new (reason)}, tells the observer. */
  void transitionTo(SessionState next, String reason) {
    SessionState old = state;
    if (old == next) {
      return;
    }
    state = next;
    log.info("peer {}: {} -> {} ({})", peer, old, next, reason);
    observer.stateChanged(old, next, reason);
  }

  private void begin(List<SessionAction> out, String reason) {
    if (passive) {
      transitionTo(ACTIVE, reason + ", waiting for the peer to connect");
      return;
    }
    out.add(new StartTimer(SessionTimer.CONNECT_RETRY, connectRetrySeconds));
    out.add(SessionAction.CONNECT);
    transitionTo(CONNECT, reason);
  }

  /** RFC 6608 FSM Error: subcode by the state the unexpected event arrived in. */
  private void fsmError(List<SessionAction> out, String reason) {
    NotificationError error =
        switch (state) {
          case OPEN_SENT -> NotificationError.UNEXPECTED_MESSAGE_IN_OPEN_SENT;
          case OPEN_CONFIRM -> NotificationError.UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM;
          case ESTABLISHED -> NotificationError.UNEXPECTED_MESSAGE_IN_ESTABLISHED;
          case IDLE, CONNECT, ACTIVE -> NotificationError.FSM_ERROR;
        };
    toIdle(out, reason, error, OpaqueBytes.EMPTY);
  }

  /**
   * Back to Idle: NOTIFICATION when {@code error} is set, stop timers, drop the connection, release
   * routes when we were Established; then automatic restart unless stopped: passive peers wait in
   * Active again at once, active peers (and passive ones when {@code damp}) after the IdleHold
   * time, doubled per error.
   */
  private void toIdle(
      List<SessionAction> out, String reason, NotificationError error, OpaqueBytes data) {
    toIdle(out, reason, error, data, false);
  }

  private void toIdle(
      List<SessionAction> out,
      String reason,
      NotificationError error,
      OpaqueBytes data,
      boolean damp) {
    if (error != null) {
      out.add(new SendNotification(error, data));
    }
    for (SessionTimer t :
        List.of(
            SessionTimer.CONNECT_RETRY,
            SessionTimer.HOLD,
            SessionTimer.KEEPALIVE,
            SessionTimer.DELAY_OPEN)) {
      stopTimer(out, t);
    }
    out.add(SessionAction.DROP);
    if (state == ESTABLISHED) {
      out.add(new SessionDown(reason));
    }
    delayOpenRunning = false;
    holdTime = 0;
    transitionTo(IDLE, reason);
    if (stopped) {
      return;
    }
    if (passive && !damp) {
      begin(out, "automatic restart");
      return;
    }
    out.add(new StartTimer(SessionTimer.IDLE_HOLD, idleHoldSeconds));
    idleHoldSeconds = Math.min(MAX_IDLE_HOLD_SECONDS, Math.max(1, idleHoldSeconds * 2));
  }

  private void startHoldAndKeepalive(List<SessionAction> out) {
    if (holdTime == 0) {
      stopTimer(out, SessionTimer.HOLD);
      stopTimer(out, SessionTimer.KEEPALIVE);
      return;
    }
    out.add(new StartTimer(SessionTimer.KEEPALIVE, holdTime / 3));
    out.add(new StartTimer(SessionTimer.HOLD, holdTime));
  }

  private void restartHold(List<SessionAction> out) {
    if (holdTime > 0) {
      out.add(new StartTimer(SessionTimer.HOLD, holdTime));
    }
  }

  private static void stopTimer(List<SessionAction> out, SessionTimer timer) {
    out.add(new StopTimer(timer));
  }
}
