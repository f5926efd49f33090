package org.bgpsentry.daemon.alert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bgpsentry.analytics.alert.Alert;

/**
 * The durable outbox of one webhook (docs/operators-guide.md "Webhooks"), over a {@link Journal}: an alert transition
 * is {@link #stage staged}, {@link #write written} and forced, and only once its transition is
 * committed ({@link AlertDispatcher}) {@link #publish published} to the worker; it is {@link
 * #remove removed} only after a 2xx or when its retry time ran out (removals are forced in
 * groups). A crash between delivery and
 * removal re-sends the same transition: receivers drop it by {@code id} + {@code status}.
 *
 * <p>Each ENQUEUE record carries the dispatcher's transaction number; {@link #open} drops the
 * records of transactions above the committed one (written, never committed, so never posted).
 */
final class Outbox implements AutoCloseable {
  /** ENQUEUE of outboxes written before group commit: no transaction number, committed. */
  private static final byte LEGACY_ENQUEUE = 1;

  private static final byte REMOVE = 2;
  private static final byte ENQUEUE = 3;
  private static final long COMPACT_BYTES = 4 << 20;

  /**
   * A pending transition, in the order it was raised: the bytes {@link AlertJson#write} made of it
   * once, and the alert itself while it is in memory since it was staged (null once read back
   * from the journal after a restart, when it is parsed from the bytes).
   */
  record Pending(long seq, Instant enqueuedAt, long txn, byte[] alertJson, Alert staged) {
    Alert alert() {
      return staged != null ? staged : AlertJson.read(alertJson);
    }

    /** The size of its ENQUEUE record in the journal (header, kind, body). */
    long journalBytes() {
      return 8 + 1 + 24 + alertJson.length;
    }

    byte[] record() {
      return ByteBuffer.allocate(24 + alertJson.length)
          .putLong(seq).putLong(enqueuedAt.toEpochMilli()).putLong(txn).put(alertJson).array();
    }
  }

  private final Journal journal;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private long nextSeq;
  /** Entries up to this sequence number are committed: the worker may post them. */
  private long published;
  private boolean unforcedRemovals;
  /** The sequence number the worker is posting (or backing off on), -1 when none. */
  private long inFlight = -1;
  /** Bytes the pending entries take in the journal: what a compaction would keep. */
  private long liveBytes;

  private Outbox(Path file, long committedTxn) throws IOException {
    journal = Journal.open(file, this::replay);
    pending.values().removeIf(p -> p.txn() > committedTxn);
    nextSeq = pending.isEmpty() ? nextSeq : Math.max(nextSeq, pending.lastKey() + 1);
    published = nextSeq - 1;
    compact();
  }

  /** Opens {@code file}, keeping the transitions of transactions up to {@code committedTxn}. */
  static Outbox open(Path file, long committedTxn) throws IOException {
    return new Outbox(file, committedTxn);
  }

  private void replay(Journal.Entry e) {
    ByteBuffer b = ByteBuffer.wrap(e.body());
    long seq = b.getLong();
    nextSeq = Math.max(nextSeq, seq + 1);
    if (e.kind() == ENQUEUE || e.kind() == LEGACY_ENQUEUE) {
      Instant at = Instant.ofEpochMilli(b.getLong());
      long txn = e.kind() == ENQUEUE ? b.getLong() : 0;
      byte[] json = new byte[b.remaining()];
      b.get(json);
      pending.put(seq, new Pending(seq, at, txn, json, null));
    } else if (e.kind() == REMOVE) {
      pending.remove(seq);
    }
  }

  /**
   * Takes the transition {@code alert} (serialised as {@code alertJson}) of transaction {@code
   * txn} in, in memory only and not yet postable.
   */
  synchronized Pending stage(Alert alert, byte[] alertJson, Instant now, long txn) {
    Pending p = new Pending(nextSeq++, now, txn, alertJson, alert);
    pending.put(p.seq(), p);
    liveBytes += p.journalBytes();
    return p;
  }

  /** Writes a staged transition to the journal without forcing it. */
  synchronized void write(Pending p) throws IOException {
    journal.write(ENQUEUE, p.record());
  }

  /** Forces everything written so far (removals included). */
  void force() throws IOException {
    synchronized (this) {
      unforcedRemovals = false;
    }
    journal.force();
  }

  /** The transition {@code p} is committed: the worker may post it (and those before it). */
  synchronized void publish(Pending p) {
    published = Math.max(published, p.seq());
  }

  /** The oldest pending transition that may be posted, or null. */
  synchronized Pending head() {
    Map.Entry<Long, Pending> e = pending.firstEntry();
    return e == null || e.getKey() > published ? null : e.getValue();
  }

  /** The oldest pending transition that may be posted, or null; the worker posts it now. */
  synchronized Pending takeHead() {
    Pending p = head();
    inFlight = p == null ? -1 : p.seq();
    return p;
  }

  /**
   * Removes the oldest transitions (but not the one the worker is posting) until at most {@code
   * limit} are pending, and returns them.
   */
  synchronized List<Pending> trimOldest(int limit) throws IOException {
    List<Pending> dropped = new ArrayList<>();
    var it = pending.values().iterator();
    while (pending.size() - dropped.size() > limit && it.hasNext()) {
      Pending p = it.next();
      if (p.seq() != inFlight) {
        dropped.add(p);
      }
    }
    for (Pending p : dropped) {
      remove(p.seq());
    }
    return dropped;
  }

  /** The pending transitions the worker may post (all of them between commit rounds), oldest first. */
  synchronized List<Pending> published() {
    return List.copyOf(pending.headMap(published, true).values());
  }

  /** Pending transitions, committed or not. */
  synchronized int size() {
    return pending.size();
  }

  /**
   * Removes a delivered (or expired) transition. The removal is written, not forced: the next
   * force of this journal (a commit round, or {@link #forceRemovals} once the outbox is drained)
   * makes it durable. A removal lost with the machine re-sends the transition after the restart,
   * with the same id and status (docs/operators-guide.md "Webhooks" allows such duplicates); {@code kill -9} loses
   * none, since the operating system has the write.
   */
  synchronized void remove(long seq) throws IOException {
    Pending p = pending.remove(seq);
    if (p != null) {
      liveBytes -= p.journalBytes();
      journal.write(REMOVE, ByteBuffer.allocate(8).putLong(seq).array());
      unforcedRemovals = true;
      long size = journal.size();
      // Only when most of the file is dead: with a long backlog (an alert storm, an outage) the
      // live entries alone may exceed COMPACT_BYTES, and rewriting them on every removal would
      // cost a rewrite of the backlog per delivered alert.
      if (size > COMPACT_BYTES && size > 2 * liveBytes) {
        compact();
      }
    }
  }

  /** Forces the removals written since the last force, if any. */
  void forceRemovals() throws IOException {
    synchronized (this) {
      if (!unforcedRemovals) {
        return;
      }
      unforcedRemovals = false;
    }
    journal.force();
  }

  Journal journal() {
    return journal;
  }

  private void compact() throws IOException {
    List<Journal.Entry> live = new ArrayList<>(pending.size());
    liveBytes = 0;
    for (Pending p : pending.values()) {
      live.add(new Journal.Entry(ENQUEUE, p.record()));
      liveBytes += p.journalBytes();
    }
    journal.rewrite(live);
  }

  @Override
  public void close() throws IOException {
    try {
      forceRemovals();
    } finally {
      journal.close();
    }
  }
}
