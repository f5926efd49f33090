package org.bgpsentry.analytics.alert;

/**
 * Where alert transitions go (docs/contributing.md R14): the daemon's durable outbox, replay's stdout, a
 * test's list. Called once per transition (firing, repeat, resolved), in order.
 */
@FunctionalInterface
public interface AlertSink {
  void accept(Alert alert);
}
