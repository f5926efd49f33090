package org.bgpsentry.daemon.alert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;

/**
 * What is firing, with ids, durable across restarts (docs/alerts.md: restored alerts keep their
 * id and are never re-fired). A {@link Journal} of FIRING (transaction number, the alert) and
 * RESOLVED (transaction number, its key) records, folded by key on open and compacted to the
 * firing set behind a COMMITTED record that keeps the highest transaction number.
 *
 * <p>This journal is the commit log of {@link AlertDispatcher}: a transition counts once its
 * record here is on disk, and {@link #committed()} after a restart is the highest transaction
 * whose record survived. {@link #write} and {@link #apply} are separate so that the in-memory set
 * changes only after the record was forced.
 */
final class AlertStateStore implements AutoCloseable {
  /** Records of state dirs written before group commit: no transaction number, all committed. */
  private static final byte LEGACY_FIRING = 1;

  private static final byte LEGACY_RESOLVED = 2;
  private static final byte COMMITTED = 3;
  private static final byte FIRING = 4;
  private static final byte RESOLVED = 5;
  private static final long COMPACT_BYTES = 8 << 20;

  private final Journal journal;
  private final Map<String, Alert> firing = new LinkedHashMap<>();
  private long committed;

  private AlertStateStore(Path file) throws IOException {
    journal = Journal.open(file, this::replay);
    compact();
  }

  static AlertStateStore open(Path file) throws IOException {
    return new AlertStateStore(file);
  }

  private void replay(Journal.Entry e) {
    boolean legacy = e.kind() == LEGACY_FIRING || e.kind() == LEGACY_RESOLVED;
    byte[] rest = e.body();
    if (!legacy) {
      committed = Math.max(committed, ByteBuffer.wrap(e.body()).getLong());
      rest = Arrays.copyOfRange(e.body(), 8, e.body().length);
    }
    if (e.kind() == FIRING || e.kind() == LEGACY_FIRING) {
      Alert a = AlertJson.read(rest);
      firing.put(a.key(), a);
    } else if (e.kind() == RESOLVED || e.kind() == LEGACY_RESOLVED) {
      firing.remove(new String(rest, StandardCharsets.UTF_8));
    }
  }

  /** The highest transaction number on disk (0 for a new store). */
  synchronized long committed() {
    return committed;
  }

  /**
   * Writes the record of transition {@code txn} without forcing it; {@code json} is {@code a} as
   * {@link AlertJson#write} wrote it.
   */
  synchronized void write(Alert a, byte[] json, long txn) throws IOException {
    if (a.status() == AlertStatus.FIRING) {
      journal.write(FIRING, record(txn, json));
    } else {
      journal.write(RESOLVED, record(txn, a.key().getBytes(StandardCharsets.UTF_8)));
    }
  }

  private static byte[] record(long txn, byte[] body) {
    return ByteBuffer.allocate(8 + body.length).putLong(txn).put(body).array();
  }

  /** Forces every record written so far. */
  void force() throws IOException {
    journal.force();
  }

  /**
   * Applies a forced transition {@code txn} to the firing set; returns the alert it replaces
   * (null when {@code a} newly fires or resolves something not firing).
   */
  synchronized Alert apply(Alert a, long txn) {
    committed = Math.max(committed, txn);
    return a.status() == AlertStatus.FIRING ? firing.put(a.key(), a) : firing.remove(a.key());
  }

  /** Compacts when the journal has grown; call only when everything written was applied. */
  synchronized void compactIfLarge() throws IOException {
    if (journal.size() > COMPACT_BYTES) {
      compact();
    }
  }

  /** The firing alerts, oldest first. */
  synchronized List<Alert> firing() {
    return List.copyOf(firing.values());
  }

  Journal journal() {
    return journal;
  }

  private void compact() throws IOException {
    List<Journal.Entry> live = new ArrayList<>(firing.size() + 1);
    live.add(new Journal.Entry(COMMITTED, record(committed, new byte[0])));
    for (Alert a : firing.values()) {
      live.add(new Journal.Entry(FIRING, record(committed, AlertJson.write(a))));
    }
    journal.rewrite(live);
  }

  @Override
  public void close() throws IOException {
    journal.close();
  }
}
