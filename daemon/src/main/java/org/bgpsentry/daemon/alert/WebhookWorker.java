package org.bgpsentry.daemon.alert;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.daemon.alert.webhook.AlertmanagerWebhook;
import org.bgpsentry.daemon.alert.webhook.WebhookFormatter;
import org.bgpsentry.daemon.alert.webhook.WebhookRequest;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one webhook's outbox in order, one request in flight (which bounds concurrency per
 * receiver and keeps order): post the head, remove it after a 2xx, otherwise back off and retry
 * until the policy gives up on it. A permanent refusal (4xx other than 408 and 429) is not
 * retried: it is logged with the start of the answer, counted {@code failed} and removed. Removals are forced once the outbox is drained (or with the
 * next commit round), not one by one.
 *
 * <p>For {@code alertmanager} it also posts every firing alert it takes again each {@code
 * resend_interval} ({@link AlertmanagerWebhook#refresh}), between two outbox posts so that order
 * holds: a resolution leaves the firing set before its outbox entry is published, so no refresh
 * follows a resolve. Refreshes repeat a transition already counted: they are not written to the
 * outbox, not retried (the next refresh is), and count in {@code bgpsentry_webhook_deliveries_total}
 * per post ({@code ok}; {@code retry} when the receiver failed; {@code failed} on a permanent 4xx).
 */
final class WebhookWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
  /** How much of a refusing receiver's answer is logged. */
  static final int ANSWER_BYTES = 512;

  private final WebhookConfig config;
  private final WebhookFormatter formatter;
  private final Outbox outbox;
  private final HttpClient client;
  private final DeliveryPolicy policy;
  private final Clock clock;
  private final BgpsentryMetrics metrics;
  private final java.util.function.Consumer<Outbox.Pending> removed;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  private volatile boolean stopping;
  /** {@code alertmanager}: the firing alerts to refresh; null for the other formats. */
  private final java.util.function.Supplier<java.util.List<Alert>> firing;
  private java.time.Instant nextRefresh;

  WebhookWorker(
      WebhookConfig config, Outbox outbox, HttpClient client, DeliveryPolicy policy, Clock clock, BgpsentryMetrics metrics,
      java.util.function.Consumer<Outbox.Pending> removed, java.util.function.Supplier<java.util.List<Alert>> firing) {
    this.config = config;
    this.formatter = WebhookFormatter.of(config, clock);
    this.firing = formatter instanceof AlertmanagerWebhook ? firing : null;
    this.nextRefresh = clock.instant().plus(config.resendInterval());
    this.outbox = outbox;
    this.client = client;
    this.policy = policy;
    this.clock = clock;
    this.metrics = metrics;
    this.removed = removed;
    metrics.webhookOutboxPending(config.name(), outbox.size());
    this.thread = Thread.ofPlatform().daemon().name("webhook-" + config.name()).start(this::loop);
  }

  WebhookConfig config() {
    return config;
  }

  Outbox outbox() {
    return outbox;
  }

  /** Something was enqueued: deliver now rather than after the current wait. */
  void signal() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    int failures = 0;
    while (!stopping) {
      if (firing != null && !clock.instant().isBefore(nextRefresh)) {
        refresh();
      }
      Outbox.Pending head = outbox.takeHead();
      if (head == null) {
        forceRemovals();
        await(idleWait(), true);
        continue;
      }
      if (Duration.between(head.enqueuedAt(), clock.instant()).compareTo(policy.giveUpAfter()) > 0) {
        LOG.error("webhook {}: giving up on alert transition {} raised at {} (undelivered for {})",
            config.name(), head.seq(), head.enqueuedAt(), policy.giveUpAfter());
        metrics.webhookDelivery(config.name(), "failed");
        removeQuietly(head);
        continue;
      }
      HttpRequest request;
      try {
        request = request(formatter.render(head.alert(), head.alertJson()));
      } catch (RuntimeException e) {
        LOG.error("webhook {}: dropping stored alert transition {}: cannot render it: {}", config.name(), head.seq(), e.toString());
        metrics.webhookDelivery(config.name(), "failed");
        removeQuietly(head);
        continue;
      }
      Answer answer = post(request);
      if (answer.ok()) {
        failures = 0;
        metrics.webhookDelivery(config.name(), "ok");
        removeQuietly(head);
      } else if (answer.permanent()) {
        failures = 0;
        LOG.error("webhook {}: receiver refused alert transition {} (not retried): {}",
            config.name(), head.seq(), answer.text());
        metrics.webhookDelivery(config.name(), "failed");
        removeQuietly(head);
      } else if (!stopping) {
        failures++;
        Duration wait = policy.backoff(failures);
        metrics.webhookDelivery(config.name(), "retry");
        LOG.warn("webhook {}: delivery failed ({}), retry {} in {}", config.name(), answer.text(), failures, wait);
        await(wait, false);
      }
    }
  }

  /** Idle: a second, or until the next refresh when that is sooner. */
  private Duration idleWait() {
    Duration second = Duration.ofSeconds(1);
    if (firing == null) {
      return second;
    }
    Duration toRefresh = Duration.between(clock.instant(), nextRefresh);
    return toRefresh.compareTo(second) < 0 ? toRefresh : second;
  }

  /** Posts the firing alerts this webhook takes again, in batches; a failed batch waits for the next round. */
  private void refresh() {
    nextRefresh = clock.instant().plus(config.resendInterval());
    java.util.List<Alert> mine = firing.get().stream().filter(a -> config.accepts(a.type(), a.severity())).toList();
    for (int i = 0; i < mine.size() && !stopping; i += AlertmanagerWebhook.REFRESH_BATCH) {
      java.util.List<Alert> part = mine.subList(i, Math.min(mine.size(), i + AlertmanagerWebhook.REFRESH_BATCH));
      Answer answer = post(request(((AlertmanagerWebhook) formatter).refresh(part)));
      metrics.webhookDelivery(config.name(), answer.ok() ? "ok" : answer.permanent() ? "failed" : "retry");
      if (!answer.ok()) {
        LOG.warn("webhook {}: refresh of {} firing alerts failed ({}), next in {}",
            config.name(), mine.size() - i, answer.text(), config.resendInterval());
        return;
      }
    }
  }

  private HttpRequest request(WebhookRequest r) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(r.uri()).timeout(policy.requestTimeout()).POST(HttpRequest.BodyPublishers.ofByteArray(r.body()));
    r.headers().forEach(b::header);
    return b.build();
  }

  /**
   * What a post came back with: an HTTP status (-1 when there was no answer) and, when it was not
   * a 2xx, the error or the start of the receiver's answer.
   */
  record Answer(int status, String text) {
    boolean ok() {
      return status / 100 == 2;
    }

    /**
     * A 4xx other than 408 Request Timeout and 429 Too Many Requests: the receiver will refuse
     * the same request again, so it is not retried (as Alertmanager's notifiers do).
     */
    boolean permanent() {
      return status / 100 == 4 && status != 408 && status != 429;
    }
  }

  /** Posts one transition and reads at most {@link #ANSWER_BYTES} of a non-2xx answer. */
  private Answer post(HttpRequest request) {
    try {
      HttpResponse<InputStream> resp =
          client.send(request, info -> info.statusCode() / 100 == 2
              ? HttpResponse.BodySubscribers.replacing(InputStream.nullInputStream())
              : HttpResponse.BodySubscribers.ofInputStream());
      if (resp.statusCode() / 100 == 2) {
        return new Answer(resp.statusCode(), "");
      }
      byte[] start;
      try (InputStream in = resp.body()) {
        start = in.readNBytes(ANSWER_BYTES);
      }
      String body = new String(start, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", " ").strip();
      return new Answer(resp.statusCode(), "HTTP " + resp.statusCode() + (body.isEmpty() ? "" : " " + body));
    } catch (IOException e) {
      return new Answer(-1, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(-1, "interrupted");
    }
  }

  /** Drained: the removals of what was delivered go to disk together. */
  private void forceRemovals() {
    try {
      outbox.forceRemovals();
    } catch (IOException e) {
      LOG.error("webhook {}: cannot force delivered removals to disk (they may be sent again after a crash): {}",
          config.name(), e.toString());
    }
  }

  /** {@code p} is delivered or given up on: out of the outbox, and {@code removed} is told. */
  private void removeQuietly(Outbox.Pending p) {
    try {
      outbox.remove(p.seq());
    } catch (IOException e) {
      LOG.error("webhook {}: cannot record delivery of {} (it may be sent again): {}", config.name(), p.seq(), e.toString());
    }
    removed.accept(p);
    metrics.webhookOutboxPending(config.name(), outbox.size());
  }

  /**
   * Waits {@code d}; while idle ({@code onlyWhileEmpty}) an enqueue ends the wait, during a
   * backoff only {@link #close} does.
   */
  private void await(Duration d, boolean onlyWhileEmpty) {
    lock.lock();
    try {
      long left = d.toNanos();
      while (!stopping && left > 0) {
        if (onlyWhileEmpty && outbox.head() != null) {
          return;
        }
        left = wake.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops within about 3 s, cancelling a request in flight; what is pending stays on disk. */
  @Override
  public void close() throws IOException {
    stopping = true;
    signal();
    try {
      thread.join(2000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    outbox.close();
  }
}
