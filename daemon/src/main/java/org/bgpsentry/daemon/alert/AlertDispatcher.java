package org.bgpsentry.daemon.alert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertSink;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's {@link AlertSink} (CONTRACT.md §6): each transition is first recorded in the alert
 * state and in the outbox of every webhook whose filters take it, all forced to disk, and only
 * then does {@link #accept} return; per-webhook {@link WebhookWorker}s deliver from there.
 *
 * <p>Layout in {@code state_dir}: {@code alerts.journal} (what is firing) and {@code
 * outbox/<webhook>.journal}.
 */
public final class AlertDispatcher implements AlertSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  /** Resolved alerts kept in memory for {@code GET /api/v1/alerts?status=resolved}. */
  static final int RECENT_RESOLVED = 1000;

  private final Path stateDir;
  private final BgpsentryMetrics metrics;
  private final DeliveryPolicy policy;
  private final Clock clock;
  private final HttpClient client;
  private final AlertStateStore state;
  private final Deque<Alert> recentResolved = new ArrayDeque<>();
  private final Map<String, WebhookWorker> workers = new LinkedHashMap<>();

  public AlertDispatcher(Path stateDir, BgpsentryMetrics metrics, DeliveryPolicy policy, Clock clock)
      throws IOException {
    this.stateDir = stateDir;
    this.metrics = metrics;
    this.policy = policy;
    this.clock = clock;
    Files.createDirectories(stateDir.resolve("outbox"));
    this.state = AlertStateStore.open(stateDir.resolve("alerts.journal"));
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    updateFiringGauges();
    warmUp();
    // The HTTP client's first exchange loads its implementation: pay it now, against a closed
    // loopback port (refused at once), not on the first alert.
    client.sendAsync(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:1/")).timeout(Duration.ofSeconds(2)).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
  }

  /**
   * Runs a synthetic alert through JSON and every body format (no I/O), so that the first real
   * alert after a start does not pay class loading on its way to the webhooks (over a second on a
   * busy machine, measured; ScratchLatencyTest).
   */
  private static void warmUp() {
    Alert sample = new Alert("warm-up", "peer_down|||warm-up", AlertType.PEER_DOWN, AlertType.PEER_DOWN.defaultSeverity(),
        AlertStatus.FIRING, "warm-up", "", "", "", "", "", List.of(), -1, List.of(), List.of(),
        java.time.Instant.EPOCH, java.time.Instant.EPOCH, null, Map.of());
    Alert back = AlertJson.read(AlertJson.write(sample));
    for (WebhookConfig.Format f : WebhookConfig.Format.values()) {
      WebhookConfig w = new WebhookConfig("warm-up", java.net.URI.create("http://127.0.0.1/"), f, "warm-up",
          back.severity(), java.util.Set.of(), Map.of());
      org.bgpsentry.daemon.alert.webhook.WebhookFormatter.of(w).render(back);
    }
  }

  /**
   * Applies the webhook list (start, reload): new webhooks start, removed ones stop (their
   * outbox stays on disk until the name comes back), changed ones restart with the new settings.
   */
  public synchronized void configure(List<WebhookConfig> webhooks) throws IOException {
    Map<String, WebhookConfig> wanted = new LinkedHashMap<>();
    webhooks.forEach(w -> wanted.put(w.name(), w));
    for (String name : new ArrayList<>(workers.keySet())) {
      WebhookWorker w = workers.get(name);
      if (!w.config().equals(wanted.get(name))) {
        workers.remove(name).close();
        if (!wanted.containsKey(name)) {
          metrics.removeWebhook(name);
        }
      }
    }
    for (WebhookConfig w : wanted.values()) {
      if (!workers.containsKey(w.name())) {
        Outbox box = Outbox.open(stateDir.resolve("outbox").resolve(w.name() + ".journal"));
        workers.put(w.name(), new WebhookWorker(w, box, client, policy, clock, metrics));
        LOG.info("webhook {}: {} to {}, {} pending", w.name(), w.format().configName(), w.url(), box.size());
      }
    }
  }

  /**
   * Records the transition durably, then queues it for each matching webhook. Throws {@link
   * UncheckedIOException} when the disk refuses: the transition did not count.
   */
  @Override
  public synchronized void accept(Alert alert) {
    try {
      Alert previous = state.record(alert);
      if (alert.status() == AlertStatus.RESOLVED) {
        recentResolved.addFirst(alert);
        if (recentResolved.size() > RECENT_RESOLVED) {
          recentResolved.removeLast();
        }
      } else if (previous == null || !previous.id().equals(alert.id())) {
        metrics.alertFired(alert.type(), alert.severity());
      }
      for (WebhookWorker w : workers.values()) {
        if (w.config().accepts(alert.type(), alert.severity())) {
          w.outbox().enqueue(alert, clock.instant());
          metrics.webhookOutboxPending(w.config().name(), w.outbox().size());
          w.signal();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot persist alert " + alert.key(), e);
    }
    updateFiringGauges();
  }

  private void updateFiringGauges() {
    Map<AlertType, Long> counts = new EnumMap<>(AlertType.class);
    for (AlertType t : AlertType.values()) {
      counts.put(t, 0L);
    }
    state.firing().forEach(a -> counts.merge(a.type(), 1L, Long::sum));
    counts.forEach(metrics::alertsFiring);
  }

  /** The firing alerts as persisted (restored after a restart with their ids). */
  public List<Alert> firing() {
    return state.firing();
  }

  /** Firing alerts then the most recent resolved ones, newest resolved first. */
  public synchronized List<Alert> alerts() {
    List<Alert> out = new ArrayList<>(state.firing());
    out.addAll(recentResolved);
    return out;
  }

  /** Pending transitions of one webhook (0 when unknown). */
  public synchronized int pending(String webhook) {
    WebhookWorker w = workers.get(webhook);
    return w == null ? 0 : w.outbox().size();
  }

  /** Stops delivery; everything pending stays in the outbox for the next start. */
  @Override
  public synchronized void close() throws IOException {
    for (WebhookWorker w : workers.values()) {
      w.close();
    }
    workers.clear();
    state.close();
    client.close();
  }
}
