package org.bgpsentry.daemon.alert;

import java.io.IOException;
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
 * The daemon's {@link AlertSink} (docs/operators-guide.md "Webhooks", "an alert transition is written there before it
 * counts as raised"), with group commit: {@link #accept} only queues the transition, so detection
 * never waits on the disk; one committer thread takes everything queued since its last round as
 * one batch and makes it durable with one force per journal, then lets it count.
 *
 * <p>Layout in {@code state_dir}: {@code alerts.journal} (what is firing, {@link AlertStateStore})
 * and {@code outbox/<webhook>.journal} ({@link Outbox}). Every transition gets a transaction
 * number. One round, for the batch taken:
 *
 * <ol>
 *   <li>the outbox entries of every webhook whose filters take a transition are written (not
 *       forced), then each outbox touched is forced once;
 *   <li>the alert-state records are written, then {@code alerts.journal} is forced once. This
 *       record is the commit record: a transition is committed once it is on disk;
 *   <li>only then does the batch count: applied to the firing set that the API lists and the
 *       firing gauges show, {@code bgpsentry_alerts_total} incremented, and its outbox
 *       entries published to the webhook workers, which post nothing unpublished.
 * </ol>
 *
 * <p>Why this keeps docs/operators-guide.md "Webhooks" across {@code kill -9} (and power loss): the outbox is forced
 * before any state record of the batch is even written, so a state record on disk always has its
 * outbox entries on disk (the kernel cannot write back what was not yet written). A transition
 * whose state record did not survive was never posted nor counted, because both wait for the
 * state journal's force. On open, the highest transaction number in {@code alerts.journal} is
 * the committed one, and every outbox (configured or not) drops its entries of later
 * transactions: they were written but never committed, hence never delivered. Replay stops at the
 * first torn record, so what survives is a prefix of the transactions, and the state the
 * lifecycle restores (what is firing, with ids) is exactly the committed transitions. A lost
 * firing transition is then re-derived from the routes by detection after the restart, with a new
 * id that no receiver has seen; a lost resolution leaves the alert restored as firing, and the
 * lifecycle's restore hold resolves it once the peers are back, delivered once with the id the
 * receivers know. A crash after a post and before its removal is on disk (removals are written
 * unforced and forced once the outbox is drained or by the next round: {@link Outbox#remove})
 * re-sends it with the same id and status, which docs/operators-guide.md "Webhooks" allows.
 *
 * <p>Once every webhook that took a transition delivered it or gave up on it ({@link
 * DeliveryTracker}), the commit listeners are told ({@link CommitListener#delivered}).
 *
 * <p>When the disk refuses a write or force, the round is retried every second with the same
 * records (replaying a record twice is harmless: entries are keyed by sequence number and alert
 * key), and nothing of it counts meanwhile. A transition whose JSON is larger than a journal record
 * holds would be refused on every retry and hold up every later one: it is staged with its largest
 * details left out ({@link AlertTruncation}), or dropped when even that is too large; both logged
 * and counted.
 *
 * <p>Bounds, each logged and counted ({@code BoundsMetrics}): {@link #accept} waits while {@link
 * #INCOMING_LIMIT} transitions wait for a refusing disk ({@code
 * bgpsentry_alert_dispatcher_backlog}, {@code _blocks_total}, {@code _blocked_seconds_total}); an
 * outbox keeps its {@link DeliveryPolicy#outboxLimit} newest transitions ({@code
 * bgpsentry_webhook_outbox_dropped_total}).
 */
public final class AlertDispatcher implements AlertSink, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
  /** Resolved alerts kept in memory for {@code GET /api/v1/alerts?status=resolved}. */
  static final int RECENT_RESOLVED = 1000;
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
  /** Transitions {@link #accept} queues before it waits for the disk (pushing back on detection). */
  static final int INCOMING_LIMIT = 10_000;

  /** One transition of a batch, with the outbox entries it was staged as. */
  private record Staged(Alert alert, byte[] json, long txn, List<Map.Entry<WebhookWorker, Outbox.Pending>> entries) {}

  private final Path stateDir;
  private final BgpsentryMetrics metrics;
  private final DeliveryPolicy policy;
  private final Clock clock;
  private final HttpClient client;
  private final AlertStateStore state;
  private final Deque<Alert> recentResolved = new ArrayDeque<>();
  private final Map<String, WebhookWorker> workers = new LinkedHashMap<>();
  private final List<CommitListener> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final DeliveryTracker deliveries = new DeliveryTracker(this::delivered);
  /** Held for a whole commit round; {@link #configure} and {@link #close} take it first. */
  private final Object commitLock = new Object();
  /** Accepted, not yet staged (guarded by {@code this}). */
  private List<Alert> incoming = new ArrayList<>();
  private long accepted;
  /** Accepted transitions committed, or dropped because they could not be serialized. */
  private long durable;
  private long nextTxn;
  private boolean stopping;
  private final int incomingLimit;
  private final Thread committer;
  /** Told of each transition once it counts (the status page's live events). */

  public AlertDispatcher(Path stateDir, BgpsentryMetrics metrics, DeliveryPolicy policy, Clock clock)
      throws IOException {
    this(stateDir, metrics, policy, clock, INCOMING_LIMIT);
  }

  AlertDispatcher(Path stateDir, BgpsentryMetrics metrics, DeliveryPolicy policy, Clock clock, int incomingLimit)
      throws IOException {
    this.incomingLimit = incomingLimit;
    this.stateDir = stateDir;
    this.metrics = metrics;
    this.policy = policy;
    this.clock = clock;
    Files.createDirectories(stateDir.resolve("outbox"));
    this.state = AlertStateStore.open(stateDir.resolve("alerts.journal"));
    this.nextTxn = state.committed() + 1;
    dropUncommitted();
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    updateFiringGauges();
    this.committer = Thread.ofPlatform().daemon().name("alert-commit").start(this::commitLoop);
  }

  /**
   * Opens every outbox in {@code state_dir}, also of webhooks no longer configured (one may come
   * back), so that each drops the entries of transactions that were never committed: their
   * numbers are given again from now on.
   */
  private void dropUncommitted() throws IOException {
    try (var files = Files.list(stateDir.resolve("outbox"))) {
      for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".journal")).toList()) {
        Outbox.open(f, state.committed()).close();
      }
    }
  }

  /**
   * Applies the webhook list (start, reload): new webhooks start, removed ones stop (their
   * outbox stays on disk until the name comes back), changed ones restart with the new settings.
   */
  public void configure(List<WebhookConfig> webhooks) throws IOException {
    synchronized (commitLock) {
      synchronized (this) {
        configureWorkers(webhooks);
      }
    }
  }

  private void configureWorkers(List<WebhookConfig> webhooks) throws IOException {
    Map<String, WebhookConfig> wanted = new LinkedHashMap<>();
    webhooks.forEach(w -> wanted.put(w.name(), w));
    List<Outbox.Pending> left = new ArrayList<>();
    for (String name : new ArrayList<>(workers.keySet())) {
      WebhookWorker w = workers.get(name);
      if (!w.config().equals(wanted.get(name))) {
        workers.remove(name).close();
        left.addAll(w.outbox().published());
        if (!wanted.containsKey(name)) {
          metrics.removeWebhook(name);
        }
      }
    }
    for (WebhookConfig w : wanted.values()) {
      if (!workers.containsKey(w.name())) {
        Outbox box = Outbox.open(stateDir.resolve("outbox").resolve(w.name() + ".journal"), state.committed());
        box.published().forEach(deliveries::held);
        metrics.webhookConfigured(w.name());
        workers.put(w.name(), new WebhookWorker(w, box, client, policy, clock, metrics, p -> deliveries.removed(p.txn()), state::firing));
        LOG.info("webhook {}: {} to {}, {} pending", w.name(), w.format().configName(), w.url(), box.size());
      }
    }
    // after the restarted ones counted theirs again, so that a transition they still hold stays undone
    left.forEach(p -> deliveries.removed(p.txn()));
  }

  /** Every webhook that took {@code alert} delivered it or gave up on it: the listeners are told. */
  private void delivered(Alert alert) {
    for (CommitListener l : commitListeners) {
      try {
        l.delivered(alert);
      } catch (RuntimeException e) {
        LOG.error("alert listener failed on the delivery of {}: {}", alert.key(), e.toString());
      }
    }
  }

  /** Told of each transition once it is on disk, in commit order, with its section 5 JSON. */
  @FunctionalInterface
  public interface CommitListener {
    /** Runs on the commit thread: must hand {@code json} (the webhooks' bytes; not to be changed) off, not block. */
    void committed(Alert alert, byte[] json);

    /**
     * After the batch's transitions, before any webhook may post them: a listener that must have
     * them stored elsewhere first (the Kafka alert state) waits here, bounded.
     */
    default void batchCommitted() {}

    /**
     * Every configured webhook that takes the transition delivered it or gave up on it (counted
     * {@code failed}); right after the commit when none takes it. On a webhook worker's thread or
     * the commit thread: must not block. After a restart, transitions restored from the outboxes
     * are told too, once delivered.
     */
    default void delivered(Alert alert) {}
  }

  /** Adds a listener of committed transitions (the Kafka alerts topic, docs/scaling.md). */
  public void addCommitListener(CommitListener listener) {
    commitListeners.add(listener);
  }

  /**
   * Queues the transition for the next commit round and returns; it counts (and is posted) once
   * that round forced it to disk. While {@link #INCOMING_LIMIT} transitions already wait (the disk
   * refuses writes), it waits for the committer to take them: detection stops, its queue fills and
   * the sessions stop reading, rather than memory growing without bound. Nothing is dropped.
   */
  @Override
  public synchronized void accept(Alert alert) {
    if (incoming.size() >= incomingLimit && !stopping) {
      LOG.warn("{} alert transitions wait for {} to be written: detection waits for the disk", incoming.size(), stateDir);
      metrics.bounds().dispatcherBlocking();
      long start = System.nanoTime();
      while (incoming.size() >= incomingLimit && !stopping) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - start);
      metrics.bounds().dispatcherBlocked(waited);
      LOG.info("alert transitions are being written again after {} ms: detection goes on", waited.toMillis());
    }
    incoming.add(alert);
    accepted++;
    backlogChanged();
    notifyAll();
  }

  /** {@code bgpsentry_alert_dispatcher_backlog}: accepted, not yet committed. Holds {@code this}. */
  private void backlogChanged() {
    metrics.bounds().dispatcherBacklog(accepted - durable);
  }

  /** Waits until every transition accepted before the call is committed (or {@code timeout}). */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      long want = accepted;
      while (durable < want) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      return true;
    }
  }

  private void commitLoop() {
    while (true) {
      synchronized (this) {
        while (incoming.isEmpty() && !stopping) {
          try {
            wait();
          } catch (InterruptedException e) {
            stopping = true;
          }
        }
        if (incoming.isEmpty()) {
          return;
        }
      }
      synchronized (commitLock) {
        List<Staged> batch = stage();
        if (writeAndForce(batch)) {
          publish(batch);
        }
      }
    }
  }

  /**
   * Takes everything queued: transaction numbers, outbox entries in memory (not postable yet).
   * Each transition is serialised here once; the outboxes, the state journal and the {@code json}
   * webhook body all use these bytes.
   */
  private synchronized List<Staged> stage() {
    List<Alert> taken = incoming;
    incoming = new ArrayList<>();
    notifyAll(); // room for an accept waiting at the limit
    java.time.Instant now = clock.instant();
    List<Staged> batch = new ArrayList<>(taken.size());
    for (Alert raised : taken) {
      Alert a = raised;
      byte[] json;
      try {
        json = AlertJson.write(a);
        if (json.length > AlertTruncation.MAX_ALERT_BYTES) {
          a = truncated(a, json.length);
          json = a == null ? null : AlertJson.write(a);
        }
      } catch (RuntimeException e) {
        LOG.error("dropping alert transition {} {}: cannot serialize it: {}", a.key(), a.status().wireName(), e.toString());
        metrics.bounds().dropped("unserializable");
        json = null;
      }
      if (json == null) {
        durable++;
        backlogChanged();
        continue;
      }
      long txn = nextTxn++;
      List<Map.Entry<WebhookWorker, Outbox.Pending>> entries = new ArrayList<>(1);
      for (WebhookWorker w : workers.values()) {
        if (w.config().accepts(a.type(), a.severity())) {
          entries.add(Map.entry(w, w.outbox().stage(a, json, now, txn)));
        }
      }
      batch.add(new Staged(a, json, txn, entries));
    }
    return batch;
  }

  /**
   * {@code a}, whose JSON of {@code bytes} exceeds what a journal record holds, with its largest
   * details left out ({@link AlertTruncation}); null, logged and counted when even that is too
   * large. Either way the later transitions go on.
   */
  private Alert truncated(Alert a, int bytes) {
    Alert cut = AlertTruncation.fit(a, bytes, AlertTruncation.MAX_ALERT_BYTES);
    if (cut == null) {
      LOG.error("dropping alert transition {} {}: its JSON is {} bytes, too large even without its details (expected: at most {})",
          a.key(), a.status().wireName(), bytes, AlertTruncation.MAX_ALERT_BYTES);
      metrics.bounds().dropped("too_large");
      return null;
    }
    LOG.error("alert transition {} {} is {} bytes (expected: at most {}): delivered without details {}",
        a.key(), a.status().wireName(), bytes, AlertTruncation.MAX_ALERT_BYTES,
        ((Map<?, ?>) cut.details().get(AlertTruncation.MARKER)).get("omitted"));
    metrics.bounds().truncated();
    return cut;
  }

  /**
   * Outbox entries written, each outbox touched forced; then the state records written and
   * forced. Retried while the disk refuses; false when the dispatcher closes first.
   */
  private boolean writeAndForce(List<Staged> batch) {
    for (int attempt = 1; ; attempt++) {
      try {
        java.util.Set<Outbox> touched = new java.util.LinkedHashSet<>();
        for (Staged s : batch) {
          for (var e : s.entries()) {
            e.getKey().outbox().write(e.getValue());
            touched.add(e.getKey().outbox());
          }
        }
        for (Outbox o : touched) {
          o.force();
        }
        for (Staged s : batch) {
          state.write(s.alert(), s.json(), s.txn());
        }
        state.force();
        return true;
      } catch (IOException e) {
        boolean giveUp;
        synchronized (this) {
          giveUp = stopping;
        }
        LOG.error("cannot persist {} alert transitions in {} (attempt {}): {}; {}", batch.size(), stateDir, attempt,
            e.toString(), giveUp ? "stopping, they are lost (none was posted or counted)" : "retrying in " + RETRY);
        if (giveUp) {
          return false;
        }
        try {
          Thread.sleep(RETRY);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  /**
   * The batch is on disk: it counts (the API's list, {@code bgpsentry_alerts_total}, the firing
   * gauges), and only then may the workers post it, so that a receiver asking the API or /metrics
   * about a transition it was sent always finds it there.
   */
  private void publish(List<Staged> batch) {
    for (Staged s : batch) {
      Alert alert = s.alert();
      Alert previous = state.apply(alert, s.txn());
      if (alert.status() == AlertStatus.RESOLVED) {
        synchronized (this) {
          recentResolved.addFirst(alert);
          if (recentResolved.size() > RECENT_RESOLVED) {
            recentResolved.removeLast();
          }
        }
      } else if (previous == null || !previous.id().equals(alert.id())) {
        metrics.alertFired(alert.type(), alert.severity());
      }
    }
    updateFiringGauges();
    for (CommitListener l : commitListeners) {
      for (Staged s : batch) {
        try {
          l.committed(s.alert(), s.json());
        } catch (RuntimeException e) {
          LOG.error("alert listener failed on {}: {}", s.alert().key(), e.toString());
        }
      }
      l.batchCommitted();
    }
    for (Staged s : batch) {
      if (s.entries().isEmpty()) {
        delivered(s.alert());
      }
      s.entries().forEach(e -> deliveries.held(e.getValue()));
    }
    java.util.Set<WebhookWorker> touched = new java.util.LinkedHashSet<>();
    for (Staged s : batch) {
      for (var e : s.entries()) {
        e.getKey().outbox().publish(e.getValue());
        touched.add(e.getKey());
      }
    }
    for (WebhookWorker w : touched) {
      trim(w);
      metrics.webhookOutboxPending(w.config().name(), w.outbox().size());
      w.signal();
    }
    try {
      state.compactIfLarge();
    } catch (IOException e) {
      LOG.error("compacting {}: {}", stateDir.resolve("alerts.journal"), e.toString());
    }
    synchronized (this) {
      durable += batch.size();
      backlogChanged();
      notifyAll();
    }
  }

  /**
   * Keeps at most {@link DeliveryPolicy#outboxLimit} transitions in a webhook's outbox: the oldest
   * beyond it are dropped, counted {@code failed} and in {@code
   * bgpsentry_webhook_outbox_dropped_total}, and logged (the newest matter most to whoever
   * reads them once the receiver is back).
   */
  private void trim(WebhookWorker w) {
    String name = w.config().name();
    try {
      List<Outbox.Pending> dropped = w.outbox().trimOldest(policy.outboxLimit());
      if (!dropped.isEmpty()) {
        dropped.forEach(p -> metrics.webhookDelivery(name, "failed"));
        dropped.forEach(p -> deliveries.removed(p.txn()));
        metrics.bounds().outboxDropped(name, dropped.size());
        LOG.error("webhook {}: outbox full ({} transitions): dropped the {} oldest (counted failed), raised {} to {}",
            name, policy.outboxLimit(), dropped.size(), dropped.getFirst().enqueuedAt(), dropped.getLast().enqueuedAt());
      }
    } catch (IOException e) {
      LOG.error("webhook {}: cannot record dropping the oldest transitions of a full outbox: {}", name, e.toString());
    }
  }

  private void updateFiringGauges() {
    Map<AlertType, Long> counts = new EnumMap<>(AlertType.class);
    for (AlertType t : AlertType.values()) {
      counts.put(t, 0L);
    }
    state.firing().forEach(a -> counts.merge(a.type(), 1L, Long::sum));
    counts.forEach(metrics::alertsFiring);
  }

  /**
   * Calls {@code listener} with every transition once it counts (on disk, in {@link #alerts}),
   * on the committer thread: it must return quickly.
   */
  public void addListener(java.util.function.Consumer<Alert> listener) {
    addCommitListener((alert, json) -> listener.accept(alert));
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

  /** Transitions of one webhook not yet delivered, committed or not (0 when unknown). */
  public synchronized int pending(String webhook) {
    WebhookWorker w = workers.get(webhook);
    if (w == null) {
      return 0;
    }
    int queued = 0;
    for (Alert a : incoming) {
      if (w.config().accepts(a.type(), a.severity())) {
        queued++;
      }
    }
    return w.outbox().size() + queued;
  }

  /** Transitions accepted and not yet taken by the committer. */
  synchronized int queued() {
    return incoming.size();
  }

  /** The journal of {@code alerts.journal} (tests count its forces). */
  Journal stateJournal() {
    return state.journal();
  }

  /** The outbox journal of a configured webhook, or null. */
  synchronized Journal outboxJournal(String webhook) {
    WebhookWorker w = workers.get(webhook);
    return w == null ? null : w.outbox().journal();
  }

  /**
   * Commits what was accepted (waiting up to 5 s for the disk), then stops delivery; everything
   * pending stays in the outbox for the next start.
   */
  @Override
  public void close() throws IOException {
    synchronized (this) {
      stopping = true;
      notifyAll();
    }
    try {
      committer.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (committer.isAlive()) {
      LOG.error("alert transitions not yet on disk after {}: closing without them", CLOSE_WAIT);
      committer.interrupt();
    }
    synchronized (commitLock) {
      synchronized (this) {
        for (WebhookWorker w : workers.values()) {
          w.close();
        }
        workers.clear();
      }
      state.close();
    }
    client.close();
  }
}
