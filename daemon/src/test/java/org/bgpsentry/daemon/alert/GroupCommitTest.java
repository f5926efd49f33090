package org.bgpsentry.daemon.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.daemon.config.WebhookConfig;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit in {@link AlertDispatcher}: a storm of transitions is made durable by a few forces
 * of each journal, none is posted before the forces that cover it, and what was written but never
 * committed is dropped from the outbox on open.
 */
class GroupCommitTest {
  private static final DeliveryPolicy FAST =
      new DeliveryPolicy(Duration.ofMillis(100), Duration.ofMillis(800), Duration.ofHours(24), Duration.ofSeconds(5));

  @TempDir Path state;

  private static WebhookConfig hook(Receiver r) {
    return new WebhookConfig("noc", r.uri("/h"), WebhookConfig.Format.JSON, null, Severity.INFO, Set.of(), Map.of());
  }

  /**
   * The storm arrives while a commit round is held up on {@code alerts.journal} (the test holds
   * its monitor, as a slow disk would hold the force): everything accepted meanwhile goes to disk
   * in the next round, so two rounds at most, one force of each journal per round. Without the
   * hold the count would depend on how the scheduler interleaves the test and the committer.
   */
  @Test
  void aStormIsMadeDurableByFarFewerForcesThanTransitions() throws Exception {
    int n = 1000;
    try (Receiver r = new Receiver()) {
      r.status.set(503); // nothing delivered, so the outbox is forced only by commits (not removals)
      AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC());
      try {
        d.configure(List.of(hook(r)));
        long stateBefore = d.stateJournal().forces();
        long outboxBefore = d.outboxJournal("noc").forces();
        synchronized (d.stateJournal()) {
          for (int i = 0; i < n; i++) {
            d.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
          }
        }
        assertThat(d.flush(Duration.ofSeconds(60))).isTrue();
        long stateForces = d.stateJournal().forces() - stateBefore;
        long outboxForces = d.outboxJournal("noc").forces() - outboxBefore;
        System.out.printf("%d transitions: %d forces of alerts.journal, %d of the outbox%n", n, stateForces, outboxForces);
        assertThat(stateForces).isBetween(1L, 2L);
        assertThat(outboxForces).isBetween(1L, 2L);
        assertThat(d.firing()).hasSize(n);
        assertThat(d.pending("noc")).isEqualTo(n);
      } finally {
        d.close();
      }
      // All of them on disk: a new dispatcher has them firing and pending.
      try (AlertDispatcher again = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
        again.configure(List.of(hook(r)));
        assertThat(again.firing()).hasSize(n);
        assertThat(again.pending("noc")).isEqualTo(n);
      }
    }
  }

  /** What both journals had forced when a post arrived. */
  private record Forced(long state, long outbox) {}

  /**
   * First with the commit held up: the test holds the monitor of {@code alerts.journal}, so the
   * committer gets its first batch's outbox entries forced and then blocks writing the commit
   * records; for a second nothing may be posted or counted. Then, released, every post is
   * checked against what each journal had forced when it arrived.
   */
  @Test
  void noTransitionIsPostedBeforeTheForcesThatCoverIt() throws Exception {
    int n = 300;
    Map<String, Forced> atPost = new ConcurrentHashMap<>();
    try (Receiver r = new Receiver()) {
      BgpsentryMetrics metrics = new BgpsentryMetrics();
      AlertDispatcher d = new AlertDispatcher(state, metrics, FAST, Clock.systemUTC());
      try {
        d.configure(List.of(hook(r)));
        Journal stateJournal = d.stateJournal();
        Journal outboxJournal = d.outboxJournal("noc");
        r.onPost = p -> atPost.put(AlertJson.read(p.body()).id(), new Forced(stateJournal.forced(), outboxJournal.forced()));
        long outboxAtStart = outboxJournal.forced();
        synchronized (stateJournal) {
          for (int i = 0; i < n; i++) {
            d.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
          }
          Receiver.await(() -> outboxJournal.forced() > outboxAtStart, Duration.ofSeconds(30), "the outbox forced");
          long until = System.nanoTime() + 1_000_000_000L;
          while (System.nanoTime() < until) {
            assertThat(r.posts).as("posted before its commit record was forced").isEmpty();
            Thread.sleep(20);
          }
          assertThat(new String(metrics.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8))
              .as("counted before its commit record was forced")
              .contains("bgpsentry_alerts_total{severity=\"critical\",type=\"origin_hijack\"} 0.0");
        }
        Receiver.await(() -> r.posts.size() == n, Duration.ofSeconds(60), n + " posts");
        assertThat(new String(metrics.scrape(null).body(), java.nio.charset.StandardCharsets.UTF_8))
            .contains("bgpsentry_alerts_total{severity=\"critical\",type=\"origin_hijack\"} " + n + ".0");
      } finally {
        d.close();
      }
    }
    // Where each alert's records end in the journals (no compaction ran: both are small).
    Map<String, Long> stateEnd = recordEnds(state.resolve("alerts.journal"), 4, 8);
    Map<String, Long> outboxEnd = recordEnds(state.resolve("outbox").resolve("noc.journal"), 3, 24);
    assertThat(atPost).hasSize(n);
    for (int i = 0; i < n; i++) {
      String id = TestAlerts.numbered(i, AlertStatus.FIRING).id();
      Forced f = atPost.get(id);
      assertThat(stateEnd.get(id)).as("alert %d: state record end vs forced at its post", i).isLessThanOrEqualTo(f.state());
      assertThat(outboxEnd.get(id)).as("alert %d: outbox record end vs forced at its post", i).isLessThanOrEqualTo(f.outbox());
    }
  }

  /**
   * Reads the journal's records (layout in {@link Journal}) and maps the id of each record of
   * {@code kind} (body: {@code skip} bytes, then an alert's JSON) to the offset where it ends.
   */
  private static Map<String, Long> recordEnds(Path file, int kind, int skip) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    Map<String, Long> out = new HashMap<>();
    while (b.remaining() >= 8) {
      int length = b.getInt();
      b.getInt(); // CRC
      byte recordKind = b.get();
      byte[] body = new byte[length - 1];
      b.get(body);
      if (recordKind == kind && body.length > skip) {
        out.putIfAbsent(AlertJson.read(Arrays.copyOfRange(body, skip, body.length)).id(), (long) b.position());
      }
    }
    return out;
  }

  @Test
  void outboxEntriesOfUncommittedTransactionsAreDroppedOnOpen() throws Exception {
    Path file = state.resolve("noc.journal");
    Alert one = TestAlerts.numbered(1, AlertStatus.FIRING);
    byte[] json = AlertJson.write(one);
    try (Outbox o = Outbox.open(file, 0)) {
      o.write(o.stage(one, json, Instant.EPOCH, 4));
      o.write(o.stage(one, json, Instant.EPOCH, 5));
      o.force();
    }
    try (Outbox o = Outbox.open(file, 4)) { // transaction 5 never committed: never posted
      assertThat(o.size()).isEqualTo(1);
      assertThat(o.head().txn()).isEqualTo(4);
    }
    try (Outbox o = Outbox.open(file, 5)) { // and the drop was made durable
      assertThat(o.size()).isEqualTo(1);
    }
  }

  /**
   * A backlog larger than the compaction threshold (an alert storm, an outage) is not rewritten
   * on every removal: the file only grows until most of it is dead, then shrinks to the backlog.
   */
  @Test
  void aLongBacklogIsCompactedOnlyWhenMostOfTheFileIsDead() throws Exception {
    Path file = state.resolve("noc.journal");
    Alert one = TestAlerts.numbered(1, AlertStatus.FIRING);
    byte[] json = AlertJson.write(one);
    int n = (int) (6L * 1024 * 1024 / json.length); // about 6 MiB of entries, over the 4 MiB threshold
    try (Outbox o = Outbox.open(file, n)) {
      for (int i = 1; i <= n; i++) {
        Outbox.Pending p = o.stage(one, json, Instant.EPOCH, i);
        o.write(p);
        o.publish(p);
      }
      o.force();
      long full = Files.size(file);
      for (int i = 0; i < 100; i++) {
        o.remove(o.head().seq());
        assertThat(Files.size(file)).as("no rewrite while most of the file is live").isGreaterThan(full);
      }
      while (Files.size(file) >= full) {
        o.remove(o.head().seq());
      }
      assertThat(o.size()).as("compacted once half of it was dead").isBetween(n / 3, n * 55 / 100); // removal records count as dead too
      assertThat(Files.size(file)).as("down to the backlog").isLessThan(full * 6 / 10);
    }
  }

  /**
   * What a crash between a round's outbox force and its commit record leaves (an outbox entry of
   * a transaction {@code alerts.journal} does not have) is gone after the restart, also from the
   * outbox of a webhook that is not configured any more: never posted, never counted, so it may
   * not be posted later either.
   */
  @Test
  void anOutboxEntryWithoutItsCommitRecordIsDroppedOnRestart() throws Exception {
    try (Receiver r = new Receiver()) {
      r.status.set(503);
      try (AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
        d.configure(List.of(hook(r)));
        for (int i = 0; i < 3; i++) {
          d.accept(TestAlerts.numbered(i, AlertStatus.FIRING));
        }
        assertThat(d.flush(Duration.ofSeconds(30))).isTrue();
      }
    }
    Path box = state.resolve("outbox").resolve("noc.journal");
    try (Outbox o = Outbox.open(box, Long.MAX_VALUE)) {
      Outbox.Pending p = o.stage(TestAlerts.numbered(3, AlertStatus.FIRING), AlertJson.write(TestAlerts.numbered(3, AlertStatus.FIRING)), Instant.EPOCH, 4);
      o.write(p);
      o.force();
      assertThat(o.size()).isEqualTo(4);
    }
    try (AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
      assertThat(d.firing()).extracting(a -> a.originAsn()).containsExactly(0L, 1L, 2L);
    }
    try (Outbox o = Outbox.open(box, Long.MAX_VALUE)) {
      assertThat(o.size()).as("transaction 4 dropped from the unconfigured webhook's outbox").isEqualTo(3);
    }
  }

  /**
   * A state dir written before group commit (records without transaction numbers: kind 1 alert
   * JSON in {@code alerts.journal}, kind 1 {@code seq|enqueuedAt|json} in an outbox) is read as
   * committed: an upgrade keeps what was firing and delivers what was pending.
   */
  @Test
  void aStateDirOfTheReleaseBeforeGroupCommitIsReadAsCommitted() throws Exception {
    byte[] firing = AlertJson.write(TestAlerts.numbered(7, AlertStatus.FIRING));
    try (Journal j = Journal.open(state.resolve("alerts.journal"), e -> {})) {
      j.write((byte) 1, firing);
      j.write((byte) 1, AlertJson.write(TestAlerts.numbered(8, AlertStatus.FIRING)));
      j.write((byte) 2, TestAlerts.numbered(8, AlertStatus.FIRING).key().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      j.force();
    }
    Files.createDirectories(state.resolve("outbox"));
    try (Journal j = Journal.open(state.resolve("outbox").resolve("noc.journal"), e -> {})) {
      j.write((byte) 1, ByteBuffer.allocate(16 + firing.length).putLong(0).putLong(System.currentTimeMillis()).put(firing).array());
      j.force();
    }
    try (Receiver r = new Receiver();
        AlertDispatcher d = new AlertDispatcher(state, new BgpsentryMetrics(), FAST, Clock.systemUTC())) {
      assertThat(d.firing()).extracting(a -> a.originAsn()).containsExactly(7L);
      d.configure(List.of(hook(r)));
      Receiver.await(() -> r.posts.size() == 1, Duration.ofSeconds(30), "the pending transition posted");
      assertThat(AlertJson.read(r.posts.get(0).body()).originAsn()).isEqualTo(7L);
    }
  }
}
