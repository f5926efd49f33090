package org.bgpsentry.daemon.web;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The last {@link #CAPACITY} live events of {@code GET /api/v1/events} (docs/operators-guide.md "The status page") and the
 * streams that receive new ones. An event id is {@code <run>-<sequence>}: the run (the start
 * time, base 36) tells ids of an earlier daemon run apart, so that a client reconnecting after a
 * restart gets everything kept rather than a wrong slice.
 *
 * <p>Subscribing and publishing hold one lock, so a reconnecting client receives the events it
 * missed, then every new one, each once and in order (the HTML "server-sent events" section's
 * {@code Last-Event-ID}).
 */
final class EventLog {
  static final int CAPACITY = 1000;

  /** One event: {@code event:} type ({@code alert} or {@code peer}), {@code id:} and JSON data. */
  record Event(long sequence, String id, String type, String data) {
    /** The event in the text/event-stream format (data is one line of JSON). */
    String wire() {
      return "id: " + id + "\nevent: " + type + "\ndata: " + data + "\n\n";
    }
  }

  /** Where a stream's events go; called with the log's lock held, so it must not block. */
  interface Subscriber {
    /** One event; {@code replayed} when it is one the client missed, sent on subscribing. */
    void send(Event e, boolean replayed);

    /**
     * A new stream is told the id of the newest event (an {@code id:} field without data sets
     * the browser's last event id), so that even a client that has received no event yet
     * reconnects with a {@code Last-Event-ID} and misses nothing published in between.
     */
    void position(String lastId);
  }

  private final String run;
  private final Deque<Event> kept = new ArrayDeque<>();
  private final Set<Subscriber> subscribers = new LinkedHashSet<>();
  private long next = 1;

  EventLog(long startMillis) {
    this.run = Long.toString(startMillis, 36);
  }

  /** Keeps the event (dropping the oldest beyond {@link #CAPACITY}) and sends it to every stream. */
  synchronized Event publish(String type, String json) {
    Event e = new Event(next, run + "-" + next, type, json);
    next++;
    kept.addLast(e);
    if (kept.size() > CAPACITY) {
      kept.removeFirst();
    }
    for (Subscriber s : List.copyOf(subscribers)) {
      s.send(e, false);
    }
    return e;
  }

  /**
   * Sends {@code s} what followed {@code lastEventId} (null: nothing; an id of another run, one
   * no longer kept or one that is not ours: everything kept), then adds it to the live streams.
   */
  synchronized void subscribe(String lastEventId, Subscriber s) {
    if (lastEventId == null || lastEventId.isBlank()) {
      s.position(run + "-" + (next - 1));
    }
    for (Event e : missed(lastEventId)) {
      s.send(e, true);
    }
    subscribers.add(s);
  }

  synchronized void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  synchronized int subscribers() {
    return subscribers.size();
  }

  private List<Event> missed(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return List.of();
    }
    long after = 0;
    String prefix = run + "-";
    if (lastEventId.startsWith(prefix)) {
      try {
        after = Long.parseLong(lastEventId.substring(prefix.length()));
      } catch (NumberFormatException e) {
        after = 0;
      }
    }
    if (after >= next || (!kept.isEmpty() && after < kept.getFirst().sequence() - 1)) {
      after = 0;
    }
    List<Event> out = new ArrayList<>();
    for (Event e : kept) {
      if (e.sequence() > after) {
        out.add(e);
      }
    }
    return out;
  }
}
