package org.bgpsentry.daemon.alert;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.analytics.alert.AlertStatus;

/**
 * What is firing, with ids, durable across restarts (CONTRACT.md §5: restored alerts keep their
 * id and are never re-fired). A {@link Journal} of FIRING (the alert) and RESOLVED (its key)
 * records, folded by key on open and compacted to the firing set.
 */
final class AlertStateStore implements AutoCloseable {
  private static final byte FIRING = 1;
  private static final byte RESOLVED = 2;
  private static final long COMPACT_BYTES = 8 << 20;

  private final Journal journal;
  private final Map<String, Alert> firing = new LinkedHashMap<>();

  private AlertStateStore(Path file) throws IOException {
    journal = Journal.open(file, this::replay);
    compact();
  }

  static AlertStateStore open(Path file) throws IOException {
    return new AlertStateStore(file);
  }

  private void replay(Journal.Entry e) {
    if (e.kind() == FIRING) {
      Alert a = AlertJson.read(e.body());
      firing.put(a.key(), a);
    } else if (e.kind() == RESOLVED) {
      firing.remove(new String(e.body(), StandardCharsets.UTF_8));
    }
  }

  /**
   * Records a transition durably; returns the alert it replaces (null when {@code a} newly
   * fires or resolves something not firing).
   */
  synchronized Alert record(Alert a) throws IOException {
    Alert previous;
    if (a.status() == AlertStatus.FIRING) {
      journal.append(FIRING, AlertJson.write(a));
      previous = firing.put(a.key(), a);
    } else {
      journal.append(RESOLVED, a.key().getBytes(StandardCharsets.UTF_8));
      previous = firing.remove(a.key());
    }
    if (journal.size() > COMPACT_BYTES) {
      compact();
    }
    return previous;
  }

  /** The firing alerts, oldest first. */
  synchronized List<Alert> firing() {
    return List.copyOf(firing.values());
  }

  private void compact() throws IOException {
    List<Journal.Entry> live = new ArrayList<>(firing.size());
    for (Alert a : firing.values()) {
      live.add(new Journal.Entry(FIRING, AlertJson.write(a)));
    }
    journal.rewrite(live);
  }

  @Override
  public void close() throws IOException {
    journal.close();
  }
}
