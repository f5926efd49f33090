package org.bgpsentry.daemon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bgpsentry.analytics.alert.AlertType;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every metric of docs/metrics.md, in one place, over Micrometer's Prometheus registry. Micrometer
 * names carry no {@code _total} or unit suffix; its Prometheus naming convention adds {@code
 * _total} to counters and {@code _seconds} to time histograms, so the exported names are exactly
 * those of docs/metrics.md (the scrape test asserts them).
 *
 * <p>Every series known in advance exists at 0 from the start, so that {@code rate()} and {@code
 * increase()} see the first event (Prometheus instrumentation guide, "avoid missing metrics"):
 * per configured peer ({@link #peerConfigured}) each message type, RFC 7606 action and the flap
 * counter; per registered prefix the change counter ({@link #retainPrefixes}), and with probe
 * targets the probe failures and RTT histogram ({@link #prefixProbed}); per webhook each delivery
 * outcome ({@link #webhookConfigured}); every alert type x severity and firing gauge; the probe
 * counter; the series of the daemon's bounds ({@link #bounds}). Reloads add and remove them with
 * the peers, prefixes and webhooks.
 *
 * <p>Per-prefix series are bounded: they exist only for registered prefixes (the operator's
 * registry, not the routing table), are removed when a prefix leaves the registry ({@link
 * #retainPrefixes}), the RTT histogram has {@link #RTT_BUCKETS} fixed buckets (no percentile
 * histogram), and at most {@code maxPrefixSeries} prefixes get series at all; beyond that the
 * rest are skipped with one warning.
 */
public final class BgpsentryMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(BgpsentryMetrics.class);

  /** RFC 4271 §8.2.2 states as {@code bgpsentry_bgp_session_state{state}} label values. */
  public static final List<String> SESSION_STATES =
      List.of("idle", "connect", "active", "opensent", "openconfirm", "established");

  /** {@code type} label values of {@code bgpsentry_bgp_messages_received_total}. */
  public static final List<String> MESSAGE_TYPES =
      Arrays.stream(MessageType.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();

  /** {@code action} label values of {@code bgpsentry_bgp_update_errors_total}: RFC 7606 §2. */
  public static final List<String> UPDATE_ERROR_ACTIONS =
      Arrays.stream(ErrorAction.values())
          .filter(a -> a != ErrorAction.NONE)
          .map(a -> a.name().toLowerCase(Locale.ROOT))
          .toList();

  /** {@code outcome} label values of {@code bgpsentry_webhook_deliveries_total}. */
  public static final List<String> WEBHOOK_OUTCOMES = List.of("ok", "retry", "failed");

  /** Bucket bounds of {@code bgpsentry_prefix_rtt_seconds}. */
  public static final Duration[] RTT_BUCKETS = {
    Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
    Duration.ofSeconds(1), Duration.ofMillis(2500)
  };

  private static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  /** Default cap on prefixes with per-prefix series. */
  public static final int DEFAULT_MAX_PREFIX_SERIES = 20_000;

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final int maxPrefixSeries;
  private final Map<Meter.Id, AtomicLong> gaugeValues = new ConcurrentHashMap<>();
  private final Map<String, String> sessionStates = new ConcurrentHashMap<>();
  private final Set<Prefix> prefixesWithSeries = ConcurrentHashMap.newKeySet();
  /**
   * Peer -> message type -> counter: looked up per BGP message on the sessions' event loop, where
   * Micrometer's builder and registry lookup cost more than the message's own bookkeeping.
   */
  private final Map<String, Map<String, Counter>> messageCounters = new ConcurrentHashMap<>();
  /** Kafka record counters by direction and topic (looked up per record). */
  private final Map<String, Counter> kafkaCounters = new ConcurrentHashMap<>();
  private final Counter refusedConnections;
  private final Counter probes;
  private final Timer updateToAlert;
  private final BoundsMetrics bounds;
  private volatile boolean capWarned;

  public BgpsentryMetrics() {
    this(DEFAULT_MAX_PREFIX_SERIES);
  }

  public BgpsentryMetrics(int maxPrefixSeries) {
    this.maxPrefixSeries = maxPrefixSeries;
    refusedConnections =
        Counter.builder("bgpsentry_bgp_refused_connections")
            .description("Connections refused from addresses not configured as peers")
            .register(registry);
    updateToAlert =
        Timer.builder("bgpsentry_update_to_alert")
            .description("Time from reading an UPDATE to queueing the alert it raised")
            .serviceLevelObjectives(
                Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
            .register(registry);
    probes =
        Counter.builder("bgpsentry_probes")
            .description("Latency probes started (TCP connect)")
            .register(registry);
    for (AlertType t : AlertType.values()) {
      gauge("bgpsentry_alerts_firing", "Alerts currently firing", Tags.of("type", t.wireName()));
      for (Severity s : Severity.values()) {
        alertsFired(t, s);
      }
    }
    bounds = new BoundsMetrics(registry);
  }

  /** The underlying registry (for meters a component wants to add itself). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  private AtomicLong gauge(String name, String help, Tags tags) {
    Meter.Id id = new Meter.Id(name, tags, null, help, Meter.Type.GAUGE);
    return gaugeValues.computeIfAbsent(
        id,
        k -> {
          AtomicLong v = new AtomicLong();
          Gauge.builder(name, v, AtomicLong::get).description(help).tags(tags).register(registry);
          return v;
        });
  }

  // --- sessions ---

  /** {@code bgpsentry_bgp_session_up} and {@code _state}: {@code state} is one of {@link #SESSION_STATES}. */
  public void sessionState(String peer, String state) {
    if (!SESSION_STATES.contains(state)) {
      throw new IllegalArgumentException("unknown session state '" + state + "' (expected: one of " + SESSION_STATES + ")");
    }
    sessionStates.put(peer, state);
    for (String s : SESSION_STATES) {
      gauge("bgpsentry_bgp_session_state", "1 for the current FSM state", Tags.of("peer", peer, "state", s))
          .set(s.equals(state) ? 1 : 0);
    }
    gauge("bgpsentry_bgp_session_up", "1 when Established", Tags.of("peer", peer))
        .set("established".equals(state) ? 1 : 0);
  }

  /**
   * A configured peer (start, reload): its flap, message and UPDATE error counters exist at 0
   * before its first event.
   */
  public void peerConfigured(String peer) {
    sessionFlaps(peer);
    MESSAGE_TYPES.forEach(type -> messageCounter(peer, type));
    UPDATE_ERROR_ACTIONS.forEach(action -> updateErrors(peer, action));
  }

  public void sessionFlap(String peer) {
    sessionFlaps(peer).increment();
  }

  private Counter sessionFlaps(String peer) {
    return Counter.builder("bgpsentry_bgp_session_flaps").description("Sessions that left Established")
        .tag("peer", peer).register(registry);
  }

  /** {@code type}: open, update, notification, keepalive, route_refresh. */
  public void messageReceived(String peer, String type) {
    messageCounter(peer, type).increment();
  }

  private Counter messageCounter(String peer, String type) {
    // two plain reads per message; the capturing lambdas below only for a new peer or type
    Map<String, Counter> byType = messageCounters.get(peer);
    Counter known = byType == null ? null : byType.get(type);
    if (known != null) {
      return known;
    }
    return messageCounters
        .computeIfAbsent(peer, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(type, t -> Counter.builder("bgpsentry_bgp_messages_received")
            .description("BGP messages received").tags("peer", peer, "type", t).register(registry));
  }

  /** {@code action}: the RFC 7606 outcome, e.g. treat_as_withdraw. */
  public void updateError(String peer, String action) {
    updateErrors(peer, action).increment();
  }

  private Counter updateErrors(String peer, String action) {
    return Counter.builder("bgpsentry_bgp_update_errors").description("UPDATE errors by RFC 7606 outcome")
        .tags("peer", peer, "action", action).register(registry);
  }

  public void refusedConnection() {
    refusedConnections.increment();
  }

  /** Adj-RIB-In size; {@code afi} is ipv4 or ipv6. */
  public void routes(String peer, String afi, long count) {
    gauge("bgpsentry_bgp_routes", "Adj-RIB-In size", Tags.of("peer", peer, "afi", afi)).set(count);
  }

  /**
   * Adj-RIB-In size read from {@code size} at scrape time: exact, and no cost per route change.
   * {@code afi} is ipv4 or ipv6.
   */
  public void routes(String peer, String afi, java.util.function.LongSupplier size) {
    Gauge.builder("bgpsentry_bgp_routes", size, LongSupplierValue::of).description("Adj-RIB-In size")
        .tags("peer", peer, "afi", afi).strongReference(true).register(registry);
  }

  private static final class LongSupplierValue {
    static double of(java.util.function.LongSupplier s) {
      return s.getAsLong();
    }
  }

  /**
   * Removes every series of a peer that is gone: no longer configured (reload), a BMP view of a
   * router removed or reset by a reload, a RIS peer that went down. A label set that no longer
   * exists has no series (its counters start again at 0 should it come back).
   */
  public void removePeer(String peer) {
    sessionStates.remove(peer);
    messageCounters.remove(peer);
    removeWhere(id -> peer.equals(id.getTag("peer")));
  }

  // --- alerts ---

  public void alertFired(AlertType type, Severity severity) {
    alertsFired(type, severity).increment();
  }

  private Counter alertsFired(AlertType type, Severity severity) {
    return Counter.builder("bgpsentry_alerts").description("Alerts fired")
        .tags("type", type.wireName(), "severity", severity.wireName()).register(registry);
  }

  public void alertsFiring(AlertType type, long count) {
    gauge("bgpsentry_alerts_firing", "Alerts currently firing", Tags.of("type", type.wireName())).set(count);
  }

  public void updateToAlert(Duration d) {
    updateToAlert.record(d);
  }

  // --- registered prefixes (bounded, see class comment) ---

  private boolean prefixSeriesAllowed(Prefix p) {
    if (prefixesWithSeries.contains(p)) {
      return true;
    }
    if (prefixesWithSeries.size() >= maxPrefixSeries) {
      if (!capWarned) {
        capWarned = true;
        LOG.warn("more than {} registered prefixes: further prefixes get no per-prefix metrics", maxPrefixSeries);
      }
      return false;
    }
    prefixesWithSeries.add(p);
    return true;
  }

  public void prefixVisiblePeers(Prefix p, int peers) {
    if (prefixSeriesAllowed(p)) {
      gauge("bgpsentry_prefix_visible_peers", "Peers carrying the registered prefix", Tags.of("prefix", p.toString())).set(peers);
    }
  }

  public void prefixBestPathLength(Prefix p, int length) {
    if (prefixSeriesAllowed(p)) {
      gauge("bgpsentry_prefix_best_path_length", "Best path length (prepends removed)", Tags.of("prefix", p.toString())).set(length);
    }
  }

  public void prefixChange(Prefix p) {
    if (prefixSeriesAllowed(p)) {
      prefixChanges(p).increment();
    }
  }

  private Counter prefixChanges(Prefix p) {
    return Counter.builder("bgpsentry_prefix_changes").description("Route changes seen for the registered prefix")
        .tag("prefix", p.toString()).register(registry);
  }

  public void prefixRtt(Prefix p, Duration rtt) {
    if (prefixSeriesAllowed(p)) {
      prefixRttTimer(p).record(rtt);
    }
  }

  private Timer prefixRttTimer(Prefix p) {
    return Timer.builder("bgpsentry_prefix_rtt").description("Probe RTTs to the prefix's targets")
        .serviceLevelObjectives(RTT_BUCKETS).tag("prefix", p.toString()).register(registry);
  }

  public void prefixProbeFailure(Prefix p) {
    if (prefixSeriesAllowed(p)) {
      prefixProbeFailures(p).increment();
    }
  }

  private Counter prefixProbeFailures(Prefix p) {
    return Counter.builder("bgpsentry_prefix_probe_failures").description("Probes that got no answer")
        .tag("prefix", p.toString()).register(registry);
  }

  /** A registered prefix with probe targets: its RTT histogram and failure counter exist at 0. */
  public void prefixProbed(Prefix p) {
    if (prefixSeriesAllowed(p)) {
      prefixRttTimer(p);
      prefixProbeFailures(p);
    }
  }

  /**
   * Drops the series of prefixes no longer registered; the registered ones get their change
   * counter at 0.
   */
  public void retainPrefixes(Set<Prefix> registered) {
    prefixesWithSeries.removeIf(p -> !registered.contains(p));
    Set<String> keep = ConcurrentHashMap.newKeySet();
    registered.forEach(p -> keep.add(p.toString()));
    removeWhere(id -> id.getTag("prefix") != null && !keep.contains(id.getTag("prefix")));
    for (Prefix p : registered) {
      if (prefixSeriesAllowed(p)) {
        prefixChanges(p);
      }
    }
  }

  // --- webhooks and RPKI ---

  /** A configured webhook (start, reload): its delivery counters exist at 0. */
  public void webhookConfigured(String webhook) {
    WEBHOOK_OUTCOMES.forEach(outcome -> webhookDeliveries(webhook, outcome));
    bounds.webhookConfigured(webhook);
  }

  /** {@code outcome}: ok, retry or failed. */
  public void webhookDelivery(String webhook, String outcome) {
    webhookDeliveries(webhook, outcome).increment();
  }

  private Counter webhookDeliveries(String webhook, String outcome) {
    return Counter.builder("bgpsentry_webhook_deliveries").description("Webhook posts by outcome")
        .tags("webhook", webhook, "outcome", outcome).register(registry);
  }

  public void webhookOutboxPending(String webhook, long pending) {
    gauge("bgpsentry_webhook_outbox_pending", "Alert transitions not yet delivered", Tags.of("webhook", webhook)).set(pending);
  }

  public void removeWebhook(String webhook) {
    removeWhere(id -> webhook.equals(id.getTag("webhook")));
  }

  public void rpkiVrps(String afi, long count) {
    gauge("bgpsentry_rpki_vrps", "Validated ROA payloads loaded", Tags.of("afi", afi)).set(count);
  }

  // --- Kafka (docs/scaling.md) ---

  /**
   * Creates this daemon's Kafka series at 0: {@code bgpsentry_kafka_up}, and the record counters
   * of every topic it produces to ({@code sent}) or consumes ({@code received}).
   */
  public void kafkaTopics(List<String> sent, List<String> received) {
    gauge("bgpsentry_kafka_up", "1 while the Kafka cluster is reachable", Tags.empty());
    sent.forEach(this::kafkaSentCounter);
    received.forEach(this::kafkaReceivedCounter);
    for (String topic : received) {
      for (String reason : List.of("malformed", "newer_format")) {
        kafkaSkippedCounter(topic, reason);
      }
    }
  }

  /** The supplier behind {@code bgpsentry_kafka_bmp_raw_pauses_total}, held here (see {@link #kafkaBmpRawBacklog}). */
  private java.util.function.LongSupplier bmpRawPauses;

  /**
   * {@code publish_bmp_raw}: {@code bgpsentry_kafka_bmp_raw_backlog_bytes} (message octets waiting
   * for the producer) and {@code bgpsentry_kafka_bmp_raw_pauses_total} (times the backlog made the
   * sources stop reading), both from 0.
   */
  public void kafkaBmpRawBacklog(java.util.function.LongSupplier octets, java.util.function.LongSupplier pauses) {
    Gauge.builder("bgpsentry_kafka_bmp_raw_backlog_bytes", octets, s -> s.getAsLong()).strongReference(true)
        .description("Octets of BMP messages waiting to be published to the bmp_raw topic").register(registry);
    // Micrometer holds a function counter's object weakly and this supplier had no other owner:
    // after a GC the counter read NaN (KafkaBmpRawTest timed out in CI). This field owns it.
    bmpRawPauses = pauses;
    io.micrometer.core.instrument.FunctionCounter.builder("bgpsentry_kafka_bmp_raw_pauses", pauses, s -> s.getAsLong())
        .description("Times the sources stopped reading because the bmp_raw backlog was full").register(registry);
  }

  /** {@code bgpsentry_kafka_records_sent_total{topic}}: a record the broker acknowledged. */
  public void kafkaRecordSent(String topic) {
    kafkaSentCounter(topic).increment();
  }

  /** {@code bgpsentry_kafka_records_received_total{topic}}: a record a consumer polled. */
  public void kafkaRecordReceived(String topic) {
    kafkaReceivedCounter(topic).increment();
  }

  private Counter kafkaSentCounter(String topic) {
    return kafkaCounters.computeIfAbsent("sent " + topic, k -> Counter.builder("bgpsentry_kafka_records_sent")
        .description("Records produced to Kafka and acknowledged").tags("topic", topic).register(registry));
  }

  private Counter kafkaReceivedCounter(String topic) {
    return kafkaCounters.computeIfAbsent("received " + topic, k -> Counter.builder("bgpsentry_kafka_records_received")
        .description("Records consumed from Kafka").tags("topic", topic).register(registry));
  }

  /** {@code bgpsentry_kafka_consumer_lag{topic,partition}}: records behind the partition's end. */
  public void kafkaConsumerLag(String topic, int partition, long lag) {
    gauge("bgpsentry_kafka_consumer_lag", "Records a consumer is behind the end of the partition",
        Tags.of("topic", topic, "partition", Integer.toString(partition))).set(lag);
  }

  /** Drops the lag series of a partition this daemon no longer consumes (revoked by a rebalance). */
  public void removeKafkaConsumerLag(String topic, int partition) {
    String p = Integer.toString(partition);
    removeWhere(id -> id.getName().equals("bgpsentry_kafka_consumer_lag")
        && topic.equals(id.getTag("topic")) && p.equals(id.getTag("partition")));
  }

  /**
   * {@code bgpsentry_kafka_records_skipped_total{topic,reason}}: a consumed record that could not
   * be used ({@code reason}: {@code malformed}, {@code newer_format}); the consumer goes on.
   */
  public void kafkaRecordSkipped(String topic, String reason) {
    kafkaSkippedCounter(topic, reason).increment();
  }

  private Counter kafkaSkippedCounter(String topic, String reason) {
    return kafkaCounters.computeIfAbsent("skipped " + topic + " " + reason, k -> Counter.builder("bgpsentry_kafka_records_skipped")
        .description("Consumed records skipped as unusable").tags("topic", topic, "reason", reason).register(registry));
  }

  /** {@code bgpsentry_kafka_role{role}}: 1 for this daemon's role (standalone, collector, detector), 0 for the others. */
  public void kafkaRole(String role) {
    for (String r : List.of("standalone", "collector", "detector")) {
      gauge("bgpsentry_kafka_role", "This daemon's role in the Kafka cluster", Tags.of("role", r)).set(r.equals(role) ? 1 : 0);
    }
  }

  /** {@code bgpsentry_kafka_up}. */
  public void kafkaUp(boolean up) {
    gauge("bgpsentry_kafka_up", "1 while the Kafka cluster is reachable", Tags.empty()).set(up ? 1 : 0);
  }

  void removeWhere(java.util.function.Predicate<Meter.Id> match) {
    List<Meter> doomed = new ArrayList<>();
    for (Meter m : registry.getMeters()) {
      if (match.test(m.getId())) {
        doomed.add(m);
      }
    }
    for (Meter m : doomed) {
      registry.remove(m);
      gaugeValues.keySet().removeIf(id -> id.getName().equals(m.getId().getName()) && id.getTags().equals(m.getId().getTags()));
    }
  }

  /** The series of the daemon's bounds (analytics queue, alert dispatcher, outboxes, journal). */
  public BoundsMetrics bounds() {
    return bounds;
  }

  // --- exposition ---

  /** A scrape result: the body and its content type. */
  public record Scrape(String contentType, byte[] body) {}

  /** {@code bgpsentry_probes_total}: one latency probe started (its rate is PromQL's job). */
  public void probeStarted() {
    probes.increment();
  }

  // --- public sources (docs/operators-guide.md "Public vantage points: RIS Live") ---

  /**
   * Creates a source's series at 0: {@code bgpsentry_source_up{source}}, {@code
   * bgpsentry_source_messages_received_total{source}} and {@code
   * bgpsentry_source_errors_total{source,reason}} for each of {@code reasons}.
   */
  public void source(String source, List<String> reasons) {
    sourceUp(source, false);
    sourceMessage(source, 0);
    for (String r : reasons) {
      sourceErrorCounter(source, r);
    }
  }

  public void sourceUp(String source, boolean up) {
    gauge("bgpsentry_source_up", "1 while the source delivers data", Tags.of("source", source)).set(up ? 1 : 0);
  }

  public void sourceMessage(String source, long n) {
    Counter.builder("bgpsentry_source_messages_received").description("Messages received from the source")
        .tag("source", source).register(registry).increment(n);
  }

  /** Bad input or a lost connection, by reason (malformed, unknown_type, ris_error, too_large, ...). */
  public void sourceError(String source, String reason) {
    sourceErrorCounter(source, reason).increment();
  }

  private Counter sourceErrorCounter(String source, String reason) {
    return Counter.builder("bgpsentry_source_errors").description("Bad input and lost connections by reason")
        .tags("source", source, "reason", reason).register(registry);
  }

  /** One line for systemd's STATUS= and the logs: sessions up, routes held, alerts firing. */
  public String statusLine() {
    long up = Math.round(sum("bgpsentry_bgp_session_up"));
    int peers = sessionStates.size();
    long routes = Math.round(sum("bgpsentry_bgp_routes"));
    long firing = Math.round(sum("bgpsentry_alerts_firing"));
    return String.format(
        "%d/%d sessions established, %,d routes, %d alerts firing", up, peers, routes, firing);
  }

  private double sum(String gaugeName) {
    return registry.find(gaugeName).gauges().stream().mapToDouble(Gauge::value).sum();
  }

  /**
   * Renders every metric: OpenMetrics when {@code accept} asks for {@code
   * application/openmetrics-text}, else the Prometheus text format 0.0.4.
   */
  public Scrape scrape(String accept) {
    String type =
        accept != null && accept.contains("application/openmetrics-text")
            ? OPENMETRICS
            : PROMETHEUS_TEXT;
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      registry.scrape(out, type);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Scrape(type, out.toByteArray());
  }
}
