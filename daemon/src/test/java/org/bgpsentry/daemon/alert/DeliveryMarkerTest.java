package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AlertDispatcher.CommitListener#delivered} (docs/scaling.md, the Kafka delivery marker):
 * told once every webhook that takes a transition delivered it or gave up on it, not before;
 * right after the commit when no webhook takes it; and for transitions restored from the outbox
 * after a restart, once delivered.
 */
class DeliveryMarkerTest {
  private static final DeliveryPolicy FAST =
      new DeliveryPolicy(Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofHours(24), Duration.ofSeconds(5));
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path state;

  private static WebhookConfig hook(String name, Receiver r, Set<AlertType> types) {
    return new WebhookConfig(name, r.uri("/" + name), WebhookConfig.Format.JSON, null, Severity.INFO, types, Map.of());
  }

  private static List<String> told(AlertDispatcher d) {
    List<String> out = new CopyOnWriteArrayList<>();
    d.addCommitListener(new AlertDispatcher.CommitListener() {
      @Override
      public void committed(Alert alert, byte[] json) {}

      @Override
      public void delivered(Alert alert) {
        out.add(alert.id() + " " + alert.status().wireName());
      }
    });
    return out;
  }

  @Test
  void toldOnceEveryWebhookIsDoneWithATransition() throws Exception {
    try (Receiver ok = new Receiver(); Receiver stalled = new Receiver(); Receiver refusing = new Receiver();
        AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
      stalled.status.set(503);
      refusing.status.set(400); // permanent: given up on at once, counted failed
      List<String> delivered = told(d);
      d.configure(List.of(hook("ok", ok, Set.of()), hook("stalled", stalled, Set.of()), hook("refusing", refusing, Set.of()),
          hook("others", ok, Set.of(AlertType.PEER_DOWN))));
      d.accept(TestAlerts.youtube("ID1", AlertStatus.FIRING));
      Receiver.await(() -> ok.posts.size() == 1 && refusing.refused.get() == 1 && stalled.refused.get() >= 2, WAIT,
          "posted to each, the stalled one retried");
      assertThat(delivered).as("the stalled webhook still holds it").isEmpty();
      stalled.status.set(200);
      Receiver.await(() -> delivered.size() == 1, WAIT, "told once the stalled webhook delivered it");
      assertThat(delivered).containsExactly("ID1 firing");

      d.configure(List.of(hook("others", ok, Set.of(AlertType.PEER_DOWN))));
      d.accept(TestAlerts.youtube("ID2", AlertStatus.FIRING));
      Receiver.await(() -> delivered.size() == 2, WAIT, "told at the commit of what no webhook takes");
      assertThat(delivered).containsExactly("ID1 firing", "ID2 firing");
    }
  }

  @Test
  void transitionsRestoredFromTheOutboxAreToldOnceDelivered() throws Exception {
    try (Receiver r = new Receiver()) {
      r.status.set(503);
      try (AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
        List<String> delivered = told(d);
        d.configure(List.of(hook("noc", r, Set.of())));
        d.accept(TestAlerts.youtube("ID1", AlertStatus.FIRING));
        d.accept(TestAlerts.youtube("ID1", AlertStatus.RESOLVED));
        Receiver.await(() -> r.refused.get() >= 1, WAIT, "the receiver refusing");
        assertThat(delivered).isEmpty();
      }
      r.status.set(200);
      try (AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
        List<String> delivered = told(d);
        d.configure(List.of(hook("noc", r, Set.of())));
        Receiver.await(() -> delivered.size() == 2, WAIT, "both restored transitions delivered and told");
        assertThat(delivered).containsExactly("ID1 firing", "ID1 resolved");
      }
    }
  }
}
