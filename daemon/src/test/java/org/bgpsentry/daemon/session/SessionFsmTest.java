package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bgpsentry.daemon.session.SessionState.ACTIVE;
import static org.bgpsentry.daemon.session.SessionState.CONNECT;
import static org.bgpsentry.daemon.session.SessionState.ESTABLISHED;
import static org.bgpsentry.daemon.session.SessionState.IDLE;
import static org.bgpsentry.daemon.session.SessionState.OPEN_CONFIRM;
import static org.bgpsentry.daemon.session.SessionState.OPEN_SENT;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.daemon.session.SessionAction.SendNotification;
import org.bgpsentry.daemon.session.SessionAction.SessionDown;
import org.bgpsentry.daemon.session.SessionAction.StartTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 4271 §8.2.2 as a table: state x event -> next state and the NOTIFICATION sent, if any. */
class SessionFsmTest {
  private final List<String> transitions = new ArrayList<>();

  private SessionFsm fsm(boolean passive) {
    return new SessionFsm("p", passive, 30, 0, 1, (o, n, r) -> transitions.add(o + "->" + n));
  }

  /** An active-mode FSM driven into {@code state}. */
  private SessionFsm in(SessionState state) {
    SessionFsm f = fsm(false);
    f.start();
    switch (state) {
      case IDLE -> f.stop(NotificationError.ADMINISTRATIVE_SHUTDOWN, OpaqueBytes.EMPTY, "test");
      case CONNECT -> {}
      case ACTIVE -> f.tcpConnectionFails();
      case OPEN_SENT -> f.tcpConnected();
      case OPEN_CONFIRM -> {
        f.tcpConnected();
        f.openReceived(90);
      }
      case ESTABLISHED -> {
        f.tcpConnected();
        f.openReceived(90);
        f.keepaliveReceived();
      }
    }
    assertThat(f.state()).isEqualTo(state);
    return f;
  }

  record Row(
      SessionState from,
      String event,
      Function<SessionFsm, List<SessionAction>> call,
      SessionState to,
      NotificationError sent) {
    @Override
    public String toString() {
      return from + " x " + event + " -> " + to + (sent == null ? "" : " + " + sent);
    }
  }

  static Row row(
      SessionState from,
      String event,
      Function<SessionFsm, List<SessionAction>> call,
      SessionState to,
      NotificationError sent) {
    return new Row(from, event, call, to, sent);
  }

  static Stream<Arguments> table() {
    Function<SessionFsm, List<SessionAction>> connected = SessionFsm::tcpConnected;
    Function<SessionFsm, List<SessionAction>> fails = SessionFsm::tcpConnectionFails;
    Function<SessionFsm, List<SessionAction>> open = f -> f.openReceived(90);
    Function<SessionFsm, List<SessionAction>> keepalive = SessionFsm::keepaliveReceived;
    Function<SessionFsm, List<SessionAction>> update = SessionFsm::updateReceived;
    Function<SessionFsm, List<SessionAction>> hold = SessionFsm::holdTimerExpires;
    Function<SessionFsm, List<SessionAction>> retry = SessionFsm::connectRetryTimerExpires;
    Function<SessionFsm, List<SessionAction>> notif = f -> f.notificationReceived("peer said so");
    Function<SessionFsm, List<SessionAction>> collision = SessionFsm::openCollisionDump;
    Function<SessionFsm, List<SessionAction>> headerErr =
        f -> f.messageError(NotificationError.BAD_MESSAGE_LENGTH, OpaqueBytes.EMPTY, "bad length");
    return Stream.of(
            row(CONNECT, "TcpConnectionConfirmed", connected, OPEN_SENT, null),
            row(CONNECT, "TcpConnectionFails", fails, ACTIVE, null),
            row(CONNECT, "ConnectRetryTimer_Expires", retry, CONNECT, null),
            row(ACTIVE, "ConnectRetryTimer_Expires", retry, CONNECT, null),
            row(ACTIVE, "TcpConnectionConfirmed", connected, OPEN_SENT, null),
            row(OPEN_SENT, "BGPOpen", open, OPEN_CONFIRM, null),
            row(OPEN_SENT, "HoldTimer_Expires", hold, IDLE, NotificationError.HOLD_TIMER_EXPIRED),
            row(
                OPEN_SENT,
                "KeepAliveMsg",
                keepalive,
                IDLE,
                NotificationError.UNEXPECTED_MESSAGE_IN_OPEN_SENT),
            row(
                OPEN_SENT,
                "UpdateMsg",
                update,
                IDLE,
                NotificationError.UNEXPECTED_MESSAGE_IN_OPEN_SENT),
            row(OPEN_SENT, "TcpConnectionFails", fails, IDLE, null),
            row(OPEN_SENT, "BGPHeaderErr", headerErr, IDLE, NotificationError.BAD_MESSAGE_LENGTH),
            row(
                OPEN_SENT,
                "OpenCollisionDump",
                collision,
                IDLE,
                NotificationError.CONNECTION_COLLISION_RESOLUTION),
            row(OPEN_CONFIRM, "KeepAliveMsg", keepalive, ESTABLISHED, null),
            row(
                OPEN_CONFIRM,
                "BGPOpen",
                open,
                IDLE,
                NotificationError.UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM),
            row(
                OPEN_CONFIRM,
                "UpdateMsg",
                update,
                IDLE,
                NotificationError.UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM),
            row(
                OPEN_CONFIRM,
                "HoldTimer_Expires",
                hold,
                IDLE,
                NotificationError.HOLD_TIMER_EXPIRED),
            row(OPEN_CONFIRM, "NotifMsg", notif, IDLE, null),
            row(ESTABLISHED, "KeepAliveMsg", keepalive, ESTABLISHED, null),
            row(ESTABLISHED, "UpdateMsg", update, ESTABLISHED, null),
            row(
                ESTABLISHED,
                "BGPOpen",
                open,
                IDLE,
                NotificationError.UNEXPECTED_MESSAGE_IN_ESTABLISHED),
            row(ESTABLISHED, "HoldTimer_Expires", hold, IDLE, NotificationError.HOLD_TIMER_EXPIRED),
            row(ESTABLISHED, "TcpConnectionFails", fails, IDLE, null),
            row(ESTABLISHED, "NotifMsg", notif, IDLE, null),
            row(
                ESTABLISHED,
                "OpenCollisionDump",
                collision,
                IDLE,
                NotificationError.CONNECTION_COLLISION_RESOLUTION),
            row(IDLE, "TcpConnectionConfirmed", connected, IDLE, null),
            row(IDLE, "KeepAliveMsg", keepalive, IDLE, null))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void rfc4271_8_2_2_transitions(Row row) {
    SessionFsm f = in(row.from());
    List<SessionAction> actions = row.call().apply(f);

    assertThat(f.state()).isEqualTo(row.to());
    List<NotificationError> sent =
        actions.stream()
            .filter(SendNotification.class::isInstance)
            .map(a -> ((SendNotification) a).error())
            .toList();
    assertThat(sent).isEqualTo(row.sent() == null ? List.of() : List.of(row.sent()));
    if (row.to() == IDLE && row.from() != IDLE) {
      assertThat(actions).contains(SessionAction.DROP);
      assertThat(actions.stream().anyMatch(SessionDown.class::isInstance))
          .as("routes released exactly when leaving Established")
          .isEqualTo(row.from() == ESTABLISHED);
    }
  }

  @Test
  void rfc4271_8_2_2_openSentSendsOpenAndLargeHoldTimer() {
    SessionFsm f = in(CONNECT);
    assertThat(f.tcpConnected())
        .containsSubsequence(
            SessionAction.SEND_OPEN,
            new StartTimer(SessionTimer.HOLD, SessionFsm.LARGE_HOLD_SECONDS));
  }

  @Test
  void rfc4271_4_2_negotiatedHoldTimeDrivesKeepaliveAndHoldTimers() {
    SessionFsm f = in(OPEN_SENT);
    assertThat(f.openReceived(9))
        .containsSubsequence(
            SessionAction.SEND_KEEPALIVE,
            new StartTimer(SessionTimer.KEEPALIVE, 3),
            new StartTimer(SessionTimer.HOLD, 9));
    assertThat(f.keepaliveReceived())
        .contains(SessionAction.UP, new StartTimer(SessionTimer.HOLD, 9));
  }

  @Test
  void rfc4271_4_4_holdTimeZeroMeansNoTimers() {
    SessionFsm f = in(OPEN_SENT);
    f.openReceived(0);
    List<SessionAction> up = f.keepaliveReceived();
    assertThat(up).noneMatch(StartTimer.class::isInstance);
  }

  @Test
  void passivePeerWaitsInActiveAndReturnsThereAfterAnError() {
    SessionFsm f = fsm(true);
    assertThat(f.start()).noneMatch(a -> a == SessionAction.CONNECT);
    assertThat(f.state()).isEqualTo(ACTIVE);
    f.tcpConnected();
    f.openReceived(90);
    f.keepaliveReceived();
    f.holdTimerExpires();

    assertThat(f.state()).isEqualTo(ACTIVE);
    assertThat(transitions).containsSubsequence("ESTABLISHED->IDLE", "IDLE->ACTIVE");
  }

  @Test
  void dampPeerOscillations_idleHoldDoublesAfterEachErrorAndResetsWhenEstablished() {
    SessionFsm f = in(OPEN_SENT);
    assertThat(f.holdTimerExpires()).contains(new StartTimer(SessionTimer.IDLE_HOLD, 1));
    f.idleHoldTimerExpires();
    f.tcpConnected();
    assertThat(f.holdTimerExpires()).contains(new StartTimer(SessionTimer.IDLE_HOLD, 2));
    f.idleHoldTimerExpires();
    f.tcpConnected();
    f.openReceived(90);
    f.keepaliveReceived();
    assertThat(f.idleHoldSeconds()).isEqualTo(1);
  }

  @Test
  void rfc9003_manualStopSendsCeaseWithTheShutdownCommunicationAndStaysIdle() {
    SessionFsm f = in(ESTABLISHED);
    OpaqueBytes message = OpaqueBytes.ofHex("03 62 79 65");
    List<SessionAction> actions =
        f.stop(NotificationError.ADMINISTRATIVE_SHUTDOWN, message, "stop");

    assertThat(actions)
        .contains(
            new SendNotification(NotificationError.ADMINISTRATIVE_SHUTDOWN, message),
            SessionAction.DROP);
    assertThat(f.state()).isEqualTo(IDLE);
    assertThat(f.idleHoldTimerExpires()).isEmpty();
    assertThat(f.state()).isEqualTo(IDLE);
  }

  @Test
  void delayOpen_openReceivedWhileDelayingAnswersWithOpenAndKeepalive() {
    SessionFsm f = new SessionFsm("p", true, 30, 5, 1, (o, n, r) -> {});
    f.start();
    assertThat(f.tcpConnected()).contains(new StartTimer(SessionTimer.DELAY_OPEN, 5));
    assertThat(f.state()).isEqualTo(ACTIVE);
    assertThat(f.openReceived(30))
        .containsSubsequence(SessionAction.SEND_OPEN, SessionAction.SEND_KEEPALIVE);
    assertThat(f.state()).isEqualTo(OPEN_CONFIRM);
  }

  @Test
  void delayOpen_timerExpirySendsOpenAndWaitsInOpenSent() {
    SessionFsm f = new SessionFsm("p", false, 30, 5, 1, (o, n, r) -> {});
    f.start();
    List<SessionAction> connected = f.tcpConnected();
    assertThat(connected)
        .contains(new StartTimer(SessionTimer.DELAY_OPEN, 5))
        .doesNotContain(SessionAction.SEND_OPEN);
    assertThat(f.state()).isEqualTo(CONNECT);
    assertThat(f.delayOpenRunning()).isTrue();

    assertThat(f.delayOpenTimerExpires())
        .containsExactly(
            SessionAction.SEND_OPEN,
            new StartTimer(SessionTimer.HOLD, SessionFsm.LARGE_HOLD_SECONDS));
    assertThat(f.state()).isEqualTo(OPEN_SENT);
    assertThat(f.delayOpenRunning()).isFalse();
    assertThat(f.openReceived(90)).contains(SessionAction.SEND_KEEPALIVE);
    assertThat(f.state()).isEqualTo(OPEN_CONFIRM);
  }

  @Test
  void delayOpen_connectionLostWhileDelayingStopsTheTimer() {
    SessionFsm f = new SessionFsm("p", true, 30, 5, 1, (o, n, r) -> {});
    f.start();
    f.tcpConnected();
    assertThat(f.tcpConnectionFails()).contains(new SessionAction.StopTimer(SessionTimer.DELAY_OPEN));
    assertThat(f.delayOpenRunning()).isFalse();
    assertThat(f.state()).isEqualTo(ACTIVE);
    assertThat(f.delayOpenTimerExpires()).as("a stale expiry does nothing").isEmpty();
  }

  @Test
  void rfc4486_maximumPrefixesSendsCease6_1AndPassivePeersWaitTheIdleHoldWithGrowingBackoff() {
    SessionFsm f = new SessionFsm("p", true, 30, 0, 2, (o, n, r) -> transitions.add(o + "->" + n));
    f.start();
    OpaqueBytes data = OpaqueBytes.ofHex("0001 01 000003e8");
    for (int expectedHold : new int[] {2, 4, 8}) {
      f.tcpConnected();
      f.openReceived(90);
      f.keepaliveReceived();
      assertThat(f.state()).isEqualTo(ESTABLISHED);

      List<SessionAction> actions = f.maximumPrefixesReached(data, "too many");

      assertThat(actions)
          .containsSubsequence(
              new SendNotification(NotificationError.MAXIMUM_NUMBER_OF_PREFIXES_REACHED, data),
              SessionAction.DROP,
              new SessionDown("too many"),
              new StartTimer(SessionTimer.IDLE_HOLD, expectedHold));
      assertThat(f.state()).as("no automatic restart before the IdleHold time").isEqualTo(IDLE);
      assertThat(f.tcpConnected()).as("a reconnect meanwhile is dropped").containsExactly(SessionAction.DROP);
      f.idleHoldTimerExpires();
      assertThat(f.state()).isEqualTo(ACTIVE);
    }
    assertThat(f.maximumPrefixesReached(data, "not established")).isEmpty();
    f.tcpConnected();
    f.openReceived(90);
    f.keepaliveReceived();
    assertThat(f.holdTimerExpires())
        .as("an ordinary error later: passive peers restart at once again")
        .doesNotContain(new StartTimer(SessionTimer.IDLE_HOLD, 16));
    assertThat(f.state()).isEqualTo(ACTIVE);
  }
}
