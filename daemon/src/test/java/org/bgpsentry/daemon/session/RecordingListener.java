package org.bgpsentry.daemon.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.model.attr.PathAttributes;

/** Collects what sessions report, for tests on another thread. */
final class RecordingListener implements SessionListener {
  /** Current routes: {@code prefix} or {@code prefix#pathId} -> attributes. */
  final Map<String, PathAttributes> routes = new ConcurrentHashMap<>();

  final List<String> transitions = new CopyOnWriteArrayList<>();
  final List<PeerEvent> peerEvents = new CopyOnWriteArrayList<>();
  final List<DecodeIssue> issues = new CopyOnWriteArrayList<>();
  final List<ErrorAction> actions = new CopyOnWriteArrayList<>();
  final List<Notification> sent = new CopyOnWriteArrayList<>();
  final List<Notification> received = new CopyOnWriteArrayList<>();
  volatile SessionState state = SessionState.IDLE;

  /** Called with each ANNOUNCE's prefix, when set. */
  volatile java.util.function.Consumer<String> onAnnounce = p -> {};

  /** When the last route was removed (withdrawn, swept or flushed), or null. */
  volatile Instant lastRemoval;

  /**
   * Told before the actions of the transition run: a test that waits for a state must also wait
   * for what those actions report (the NOTIFICATION sent, the Established or Down event, routes).
   */
  @Override
  public void onStateChange(PeerId peer, SessionState old, SessionState next, String reason) {
    transitions.add(old + "->" + next + " (" + reason + ")");
    state = next; // after the transition is listed, so that a test seeing the state finds it
  }

  @Override
  public void onRouteEvent(RouteEvent e) {
    String key = e.pathId() < 0 ? e.prefix().toString() : e.prefix() + "#" + e.pathId();
    switch (e.kind()) {
      case ANNOUNCE -> {
        routes.put(key, e.attributes());
        onAnnounce.accept(key);
      }
      case REPLACE -> routes.put(key, e.attributes());
      case WITHDRAW, PEER_DOWN -> {
        lastRemoval = e.at(); // before the removal, which tests wait for
        routes.remove(key);
      }
    }
  }

  @Override
  public void onPeerEvent(PeerEvent e) {
    peerEvents.add(e);
  }

  @Override
  public void onUpdateError(PeerId peer, ErrorAction action, DecodeIssue issue) {
    actions.add(action);
    issues.add(issue);
  }

  @Override
  public void onNotification(PeerId peer, Notification n, boolean wasSent) {
    (wasSent ? sent : received).add(n);
  }

  long count(Class<? extends PeerEvent> kind) {
    return peerEvents.stream().filter(kind::isInstance).count();
  }

  long routesWithPrefix(String start) {
    return routes.keySet().stream().filter(k -> k.startsWith(start)).count();
  }
}
