package org.bgpsentry.daemon.alert;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time of {@code accept} (queueing for the next group commit) and from there to the post at a
 * loopback receiver (commit: outbox and alert state forced to disk, then the post), for the first alert of a fresh dispatcher and 200 after it, one at a time.
 * A measurement, not a check: run by
 * {@code mvn -B -ntp -pl daemon -am -Pbench verify -Dit.test=DeliveryLatencyBench}.
 */
class DeliveryLatencyBench {
  @TempDir Path state;

  @Test
  void acceptAndDeliveryLatency() throws Exception {
    try (Receiver r = new Receiver();
        AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), DeliveryPolicy.DEFAULT, Clock.systemUTC())) {
      d.configure(List.of(new WebhookConfig("noc", r.uri("/h"), WebhookConfig.Format.JSON, null, Severity.INFO, Set.of(), Map.of())));
      int n = 201;
      long[] accept = new long[n];
      long[] deliver = new long[n];
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        d.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
        long t1 = System.nanoTime();
        int want = i + 1;
        while (r.posts.size() < want) {
          Thread.onSpinWait();
        }
        accept[i] = t1 - t0;
        deliver[i] = System.nanoTime() - t1;
      }
      System.out.printf("first alert: accept %.1f ms, delivery %.1f ms%n", accept[0] / 1e6, deliver[0] / 1e6);
      long[] a = Arrays.copyOfRange(accept, 1, n);
      long[] b = Arrays.copyOfRange(deliver, 1, n);
      Arrays.sort(a);
      Arrays.sort(b);
      System.out.printf("next 200: accept median %.1f ms p99 %.1f ms; delivery median %.1f ms p99 %.1f ms%n",
          a[100] / 1e6, a[197] / 1e6, b[100] / 1e6, b[197] / 1e6);
    }
  }

  /**
   * An alert storm as the analytics thread makes it: 2,000 transitions accepted back to back
   * while the worker delivers (and removes) them; the time until all are accepted and until the
   * last post arrived.
   */
  @Test
  void stormOf2000() throws Exception {
    try (Receiver r = new Receiver();
        AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), DeliveryPolicy.DEFAULT, Clock.systemUTC())) {
      d.configure(List.of(new WebhookConfig("noc", r.uri("/h"), WebhookConfig.Format.JSON, null, Severity.INFO, Set.of(), Map.of())));
      int n = 2000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        d.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
      }
      long accepted = System.nanoTime() - t0;
      while (r.posts.size() < n) {
        Thread.sleep(1);
      }
      long delivered = System.nanoTime() - t0;
      System.out.printf("storm of %d: all accepted after %.2f s (%.0f/s), all delivered after %.2f s (%.0f/s)%n",
          n, accepted / 1e9, n / (accepted / 1e9), delivered / 1e9, n / (delivered / 1e9));
    }
  }
}
