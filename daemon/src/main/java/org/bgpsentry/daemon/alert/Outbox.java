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
 * The durable outbox of one webhook (CONTRACT.md §6), over a {@link Journal}: an alert transition
 * is {@link #enqueue enqueued} (on disk) before it counts as raised and {@link #remove removed}
 * only after a 2xx or when its retry time ran out. A crash between delivery and removal re-sends
 * the same transition: receivers drop it by {@code id} + {@code status}.
 */
final class Outbox implements AutoCloseable {
  private static final byte ENQUEUE = 1;
  private static final byte REMOVE = 2;
  private static final long COMPACT_BYTES = 4 << 20;

  /** A pending transition, in the order it was raised. */
  record Pending(long seq, Instant enqueuedAt, byte[] alertJson) {
    Alert alert() {
      return AlertJson.read(alertJson);
    }
  }

  private final Journal journal;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  private long nextSeq;

  private Outbox(Path file) throws IOException {
    journal = Journal.open(file, this::replay);
    nextSeq = pending.isEmpty() ? nextSeq : Math.max(nextSeq, pending.lastKey() + 1);
    compact();
  }

  static Outbox open(Path file) throws IOException {
    return new Outbox(file);
  }

  private void replay(Journal.Entry e) {
    ByteBuffer b = ByteBuffer.wrap(e.body());
    long seq = b.getLong();
    nextSeq = Math.max(nextSeq, seq + 1);
    if (e.kind() == ENQUEUE) {
      Instant at = Instant.ofEpochMilli(b.getLong());
      byte[] json = new byte[b.remaining()];
      b.get(json);
      pending.put(seq, new Pending(seq, at, json));
    } else if (e.kind() == REMOVE) {
      pending.remove(seq);
    }
  }

  /** Writes the transition to disk (fsync) and returns its entry. */
  synchronized Pending enqueue(Alert alert, Instant now) throws IOException {
    byte[] json = AlertJson.write(alert);
    long seq = nextSeq++;
    ByteBuffer b = ByteBuffer.allocate(16 + json.length).putLong(seq).putLong(now.toEpochMilli()).put(json);
    journal.append(ENQUEUE, b.array());
    Pending p = new Pending(seq, now, json);
    pending.put(seq, p);
    return p;
  }

  /** The oldest pending transition, or null. */
  synchronized Pending head() {
    Map.Entry<Long, Pending> e = pending.firstEntry();
    return e == null ? null : e.getValue();
  }

  synchronized int size() {
    return pending.size();
  }

  /** Removes a delivered (or expired) transition, durably. */
  synchronized void remove(long seq) throws IOException {
    if (pending.remove(seq) != null) {
      journal.append(REMOVE, ByteBuffer.allocate(8).putLong(seq).array());
      if (journal.size() > COMPACT_BYTES) {
        compact();
      }
    }
  }

  private void compact() throws IOException {
    List<Journal.Entry> live = new ArrayList<>(pending.size());
    for (Pending p : pending.values()) {
      live.add(new Journal.Entry(ENQUEUE, ByteBuffer.allocate(16 + p.alertJson().length)
          .putLong(p.seq()).putLong(p.enqueuedAt().toEpochMilli()).put(p.alertJson()).array()));
    }
    journal.rewrite(live);
  }

  @Override
  public void close() throws IOException {
    journal.close();
  }
}
