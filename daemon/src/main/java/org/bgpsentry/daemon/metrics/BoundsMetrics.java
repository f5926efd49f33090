package org.bgpsentry.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * What happens at each of the daemon's bounds (issue 12 §4: a metric and a log line, nothing
 * silently dropped), on the daemon's registry ({@link BgpsentryMetrics#bounds()}). Every series
 * exists at 0 from the start; the per-webhook one from {@link #webhookConfigured} and is removed
 * with the webhook ({@link BgpsentryMetrics#removeWebhook}).
 *
 * <ul>
 *   <li>the analytics queue: {@code bgpsentry_analytics_queue_depth}, {@code
 *       bgpsentry_ingest_paused} (1 while the sessions' reading is paused because analytics is
 *       behind), {@code bgpsentry_ingest_pauses_total};
 *   <li>the alert dispatcher: {@code bgpsentry_alert_dispatcher_backlog} (transitions accepted
 *       and not yet on disk), {@code bgpsentry_alert_dispatcher_blocks_total} and {@code
 *       bgpsentry_alert_dispatcher_blocked_seconds_total} (detection waiting at its limit);
 *   <li>the outboxes: {@code bgpsentry_webhook_outbox_dropped_total{webhook}};
 *   <li>the journal's record limit: {@code bgpsentry_alert_transitions_truncated_total} and
 *       {@code bgpsentry_alert_transitions_dropped_total{reason}}.
 * </ul>
 */
public final class BoundsMetrics {
  /** {@code reason} label values of {@code bgpsentry_alert_transitions_dropped_total}. */
  public static final List<String> DROP_REASONS = List.of("too_large", "unserializable");

  private final PrometheusMeterRegistry registry;
  private volatile IntSupplier queueDepth = () -> 0;
  private volatile BooleanSupplier paused = () -> false;
  private volatile LongSupplier pauses = () -> 0;
  private final AtomicLong dispatcherBacklog = new AtomicLong();
  private final Counter dispatcherBlocks;
  private final Counter dispatcherBlockedSeconds;
  private final Counter truncated;

  BoundsMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("bgpsentry_analytics_queue_depth", this, m -> m.queueDepth.getAsInt())
        .description("Route events, peer events and tasks waiting for the analytics thread")
        .register(registry);
    Gauge.builder("bgpsentry_ingest_paused", this, m -> m.paused.getAsBoolean() ? 1 : 0)
        .description("1 while BGP sessions do not read because analytics is behind")
        .register(registry);
    FunctionCounter.builder("bgpsentry_ingest_pauses", this, m -> m.pauses.getAsLong())
        .description("Times BGP sessions stopped reading because analytics was behind")
        .register(registry);
    Gauge.builder("bgpsentry_alert_dispatcher_backlog", dispatcherBacklog, AtomicLong::get)
        .description("Alert transitions accepted and not yet written to state_dir")
        .register(registry);
    dispatcherBlocks =
        counter("bgpsentry_alert_dispatcher_blocks", "Times detection waited for state_dir at the dispatcher's limit");
    dispatcherBlockedSeconds =
        counter("bgpsentry_alert_dispatcher_blocked_seconds", "Time detection waited for state_dir at the dispatcher's limit");
    truncated =
        counter("bgpsentry_alert_transitions_truncated", "Alert transitions whose details were cut to fit a journal record");
    DROP_REASONS.forEach(this::dropCounter);
  }

  /** The analytics queue to report, read at scrape time (0 until set). */
  public void analyticsQueue(IntSupplier depth, BooleanSupplier paused, LongSupplier pauses) {
    this.queueDepth = depth;
    this.paused = paused;
    this.pauses = pauses;
  }

  /** Transitions accepted by the dispatcher and not yet on disk. */
  public void dispatcherBacklog(long transitions) {
    dispatcherBacklog.set(transitions);
  }

  /** {@code accept} starts waiting at the dispatcher's limit. */
  public void dispatcherBlocking() {
    dispatcherBlocks.increment();
  }

  /** {@code accept} waited {@code waited} at the dispatcher's limit. */
  public void dispatcherBlocked(Duration waited) {
    dispatcherBlockedSeconds.increment(waited.toNanos() / 1e9);
  }

  /** A configured webhook: its drop counter exists at 0. */
  void webhookConfigured(String webhook) {
    outboxDropped(webhook);
  }

  /** {@code transitions} dropped, oldest first, from the full outbox of {@code webhook}. */
  public void outboxDropped(String webhook, int transitions) {
    outboxDropped(webhook).increment(transitions);
  }

  private Counter outboxDropped(String webhook) {
    return counter("bgpsentry_webhook_outbox_dropped", "Oldest alert transitions dropped from a full webhook outbox",
        "webhook", webhook);
  }

  /** A transition whose details were cut to fit a journal record. */
  public void truncated() {
    truncated.increment();
  }

  /** A transition that could not be stored; {@code reason} is one of {@link #DROP_REASONS}. */
  public void dropped(String reason) {
    dropCounter(reason).increment();
  }

  private Counter dropCounter(String reason) {
    return counter("bgpsentry_alert_transitions_dropped", "Alert transitions that could not be stored, by reason",
        "reason", reason);
  }

  /** The counter {@code name} with label pairs {@code tags} (registered once, then looked up). */
  private Counter counter(String name, String help, String... tags) {
    return Counter.builder(name).description(help).tags(tags).register(registry);
  }
}
