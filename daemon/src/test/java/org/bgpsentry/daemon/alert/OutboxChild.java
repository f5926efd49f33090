package org.bgpsentry.daemon.alert;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;

/**
 * Child JVM of {@link OutboxCrashTest}: {@code OutboxChild STATE_DIR URL COUNT} raises COUNT
 * alerts in bursts of 50 (printing {@code queued N} once alert N and all before it are committed
 * to disk) while delivering, then keeps delivering until killed.
 */
public final class OutboxChild {
  private OutboxChild() {}

  public static void main(String[] args) throws Exception {
    AlertDispatcher d =
        new AlertDispatcher(
            Path.of(args[0]), new BgpsentryMetrics(),
            new DeliveryPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofHours(24), Duration.ofSeconds(30)),
            Clock.systemUTC());
    d.configure(
        List.of(new WebhookConfig("noc", URI.create(args[1]), WebhookConfig.Format.JSON, null, Severity.INFO, Set.of(), Map.of())));
    int count = Integer.parseInt(args[2]);
    for (int i = 0; i < count; i++) {
      d.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
      if (i % 50 == 49 || i == count - 1) {
        if (!d.flush(Duration.ofSeconds(30))) {
          throw new IllegalStateException("not committed within 30 s");
        }
        System.out.println("queued " + i);
        System.out.flush();
      }
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
