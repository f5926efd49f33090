package org.bgpsentry.daemon.alert;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.bgpsentry.analytics.alert.Alert;

/**
 * Which committed transitions a webhook still holds in its outbox: a transition is done once every
 * webhook that took it removed it, delivered (2xx) or given up on (counted {@code failed}: refused,
 * too old, dropped from a full outbox), or stopped being configured. Done transitions go to {@code
 * done} (docs/scaling.md: a Kafka detector marks them delivered in {@code <prefix>.alert_state}).
 */
final class DeliveryTracker {
  /** A transition and how many outboxes still hold it. */
  private static final class Held {
    final Outbox.Pending entry;
    int left;

    Held(Outbox.Pending entry) {
      this.entry = entry;
    }
  }

  private final Map<Long, Held> held = new HashMap<>();
  private final Consumer<Alert> done;

  DeliveryTracker(Consumer<Alert> done) {
    this.done = done;
  }

  /** One more outbox holds the transition of {@code entry} (its transaction number). */
  synchronized void held(Outbox.Pending entry) {
    held.computeIfAbsent(entry.txn(), t -> new Held(entry)).left++;
  }

  /** An outbox no longer holds the transition of transaction {@code txn}; the last one makes it done. */
  void removed(long txn) {
    Held h;
    synchronized (this) {
      h = held.get(txn);
      if (h == null || --h.left > 0) {
        return;
      }
      held.remove(txn);
    }
    done.accept(h.entry.alert());
  }
}
