package org.bgpsentry.analytics.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import org.bgpsentry.analytics.detect.DetectionSettings;
import org.bgpsentry.analytics.detect.Finding;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * Turns conditions into alerts (docs/alerts.md): one alert per key, fired once when enough peers
 * show the condition, updated silently while it lasts, re-sent every {@code repeat_interval}, and
 * resolved once no peer shows it (after {@code resolve_after}). Restored alerts keep their id and
 * stay firing until their peers are back with End-of-RIB, or {@link #RESTORE_GRACE} passes.
 *
 * <p>Flapping is damped as RFC 2439 damps routes: each time a firing condition clears it gains a
 * penalty of {@value #PENALTY} that halves every {@link #HALF_LIFE}; once the penalty reaches
 * {@value #SUPPRESS}, the alert stays firing until the penalty has decayed below {@value #REUSE},
 * so a prefix flapping thousands of times yields a handful of transitions, not a storm.
 *
 * <p>Time comes only from the callers ({@code at}, {@link #advance}); single-threaded.
 */
public final class AlertLifecycle {
  static final double PENALTY = 1000;
  static final double SUPPRESS = 2000;
  static final double REUSE = 750;
  static final double CEILING = 12000;
  static final Duration HALF_LIFE = Duration.ofMinutes(15);
  public static final Duration RESTORE_GRACE = Duration.ofMinutes(5);

  private DetectionSettings settings;
  private final AlertSink sink;
  private final Ulid ulid;
  private final Map<String, Condition> conditions = new HashMap<>();
  private final Map<String, Penalty> penalties = new HashMap<>();
  private final PriorityQueue<Deadline> deadlines =
      new PriorityQueue<>(Comparator.comparing(Deadline::at));
  private Instant lastPrune = Instant.EPOCH;
  /** Ids of the firing alerts per registered prefix, in firing order (for the prefix status). */
  private final Map<String, Set<String>> firingByPrefix = new HashMap<>();

  public AlertLifecycle(DetectionSettings settings, AlertSink sink, Random random) {
    this.settings = settings;
    this.sink = sink;
    this.ulid = new Ulid(random);
  }

  private record Deadline(Instant at, String key) {}

  private record Penalty(double value, Instant at) {
    double at(Instant now) {
      double halfLives = (double) Duration.between(at, now).toMillis() / HALF_LIFE.toMillis();
      return value * Math.pow(0.5, Math.max(0, halfLives));
    }
  }

  private static final class Condition {
    Finding finding;
    List<PeerId> peers = List.of();
    List<Long> asPath = List.of();
    Instant firstSeen;
    Instant lastSeen;
    boolean present;
    Alert alert;
    Instant lastSent;
    Instant resolveAt;
    Instant holdUntil;
    Set<String> waitingPeers = Set.of();
  }

  /**
   * The condition {@code finding} holds, shown by {@code peers} (distinct); it fires when at least
   * {@code threshold} of the operator's own peers show it, or public vantage points ({@link
   * PeerId#isPublic}) of at least {@link DetectionSettings#publicMinPeers} distinct ASes do
   * (docs/operators-guide.md "Public vantage points: RIS Live"): each source is counted on its own, never added up.
   *
   * @param firstSeen when the earliest of the routes showing it appeared
   */
  public void show(
      Finding finding,
      List<PeerId> peers,
      List<Long> asPath,
      Instant firstSeen,
      Instant at,
      int threshold) {
    String key = finding.key();
    Condition c = conditions.get(key);
    if (c == null) {
      c = new Condition();
      conditions.put(key, c);
      c.firstSeen = firstSeen;
    } else if (firstSeen.isBefore(c.firstSeen) && c.alert == null) {
      c.firstSeen = firstSeen;
    }
    c.finding = finding;
    c.peers = sortedPeers(peers);
    c.asPath = List.copyOf(asPath);
    c.lastSeen = at;
    c.present = true;
    c.resolveAt = null;
    if (c.alert == null) {
      if (enough(c.peers, threshold)) {
        fire(key, c, at);
      }
      return;
    }
    c.alert = build(c, c.alert.id(), AlertStatus.FIRING, null);
  }

  private boolean enough(List<PeerId> peers, int threshold) {
    int own = 0;
    Set<Long> publicAsns = new HashSet<>();
    for (PeerId p : peers) {
      if (p.isPublic()) {
        publicAsns.add(p.asn());
      } else {
        own++;
      }
    }
    return own >= threshold || publicAsns.size() >= settings.publicMinPeers();
  }

  /** No peer shows the condition behind {@code key} any more. */
  public void clear(String key, Instant at) {
    Condition c = conditions.get(key);
    if (c == null || !c.present) {
      return;
    }
    if (c.alert == null) {
      conditions.remove(key);
      return;
    }
    c.present = false;
    c.lastSeen = at;
    double penalty = Math.min(CEILING, penaltyAt(key, at) + PENALTY);
    penalties.put(key, new Penalty(penalty, at));
    if (c.holdUntil != null) {
      return;
    }
    scheduleResolve(key, c, at, penalty);
  }

  /** The condition no longer applies at all (registry changed): resolve now, no damping. */
  public void withdraw(String key, Instant at) {
    Condition c = conditions.remove(key);
    if (c != null && c.alert != null) {
      resolve(c, at);
    }
  }

  private void scheduleResolve(String key, Condition c, Instant at, double penalty) {
    Instant when = at.plus(settings.resolveAfter());
    if (penalty >= SUPPRESS) {
      long millis = (long) (HALF_LIFE.toMillis() * (Math.log(penalty / REUSE) / Math.log(2)));
      Instant reuse = at.plusMillis(millis);
      when = reuse.isAfter(when) ? reuse : when;
    }
    if (!when.isAfter(at)) {
      conditions.remove(key);
      resolve(c, at);
      return;
    }
    c.resolveAt = when;
    deadlines.add(new Deadline(when, key));
  }

  /**
   * New {@code detection} settings (config reload), keeping every alert and condition: a changed
   * {@code repeat_interval} reschedules the repeats of firing alerts from their last sending; a
   * changed {@code resolve_after} moves the pending resolutions to the time the condition cleared
   * plus the new value (never before damping allows). {@code min_peers} is the caller's, passed to
   * {@link #show}. Call {@link #advance} afterwards to run what became due.
   */
  public void updateSettings(DetectionSettings next) {
    boolean repeat = !next.repeatInterval().equals(settings.repeatInterval());
    boolean resolve = !next.resolveAfter().equals(settings.resolveAfter());
    settings = next;
    for (Map.Entry<String, Condition> e : List.copyOf(conditions.entrySet())) {
      Condition c = e.getValue();
      if (repeat && c.present && c.alert != null && c.lastSent != null) {
        scheduleRepeat(e.getKey(), c); // deadlines of the old interval find the repeat not due
      }
      if (resolve && !c.present && c.resolveAt != null && c.holdUntil == null) {
        Penalty p = penalties.get(e.getKey());
        scheduleResolve(e.getKey(), c, c.lastSeen, p == null ? 0 : p.value());
      }
    }
  }

  /** Runs what is due by {@code now}: damped resolutions, repeats, ends of restore holds. */
  public void advance(Instant now) {
    while (!deadlines.isEmpty() && !deadlines.peek().at().isAfter(now)) {
      Deadline d = deadlines.poll();
      Condition c = conditions.get(d.key());
      if (c == null) {
        continue;
      }
      if (c.holdUntil != null && !c.holdUntil.isAfter(d.at())) {
        release(d.key(), c, d.at());
      } else if (!c.present && d.at().equals(c.resolveAt)) {
        conditions.remove(d.key());
        resolve(c, d.at());
      } else if (c.present && c.alert != null && isRepeatDue(c, d.at())) {
        c.lastSent = d.at();
        sink.accept(c.alert);
        scheduleRepeat(d.key(), c);
      }
    }
    if (Duration.between(lastPrune, now).compareTo(Duration.ofHours(1)) > 0) {
      lastPrune = now;
      penalties.values().removeIf(p -> p.at(now) < 1);
    }
  }

  private boolean isRepeatDue(Condition c, Instant at) {
    Duration every = settings.repeatInterval();
    return !every.isZero() && !c.lastSent.plus(every).isAfter(at);
  }

  private void scheduleRepeat(String key, Condition c) {
    if (!settings.repeatInterval().isZero()) {
      deadlines.add(new Deadline(c.lastSent.plus(settings.repeatInterval()), key));
    }
  }

  /**
   * Takes back alerts that were firing before a restart: they keep their id, are never re-fired,
   * and resolve only after their peers are back with End-of-RIB ({@link #peerReady}) or {@link
   * #RESTORE_GRACE} has passed, if no peer shows the condition by then. A condition shown already
   * (rebuilt first) takes the stored id and stays as shown.
   */
  public void restore(Collection<Alert> firing, Instant now) {
    for (Alert a : firing) {
      if (a.status() != AlertStatus.FIRING) {
        continue;
      }
      Condition shown = conditions.get(a.key());
      if (shown != null && shown.present) {
        // Rebuilt before the restore (a Kafka detector's takeover): shown now, it takes the stored
        // id and first_seen, and nothing is sent again.
        shown.firstSeen = a.firstSeen();
        shown.alert = build(shown, a.id(), AlertStatus.FIRING, null);
        shown.lastSent = now;
        continue;
      }
      Condition c = new Condition();
      c.alert = a;
      c.peers = a.peers();
      c.asPath = a.asPath();
      c.firstSeen = a.firstSeen();
      c.lastSeen = a.lastSeen();
      c.lastSent = now;
      c.holdUntil = now.plus(RESTORE_GRACE);
      Set<String> waiting = new HashSet<>();
      a.peers().forEach(p -> waiting.add(p.name()));
      c.waitingPeers = waiting;
      conditions.put(a.key(), c);
      index(a, true);
      deadlines.add(new Deadline(c.holdUntil, a.key()));
      scheduleRepeat(a.key(), c);
    }
  }

  /** A peer is back and has sent End-of-RIB: restored alerts stop waiting for it. */
  public void peerReady(String peerName, Instant at) {
    List<Map.Entry<String, Condition>> released = new ArrayList<>();
    for (Map.Entry<String, Condition> e : conditions.entrySet()) {
      Condition c = e.getValue();
      if (c.holdUntil != null && c.waitingPeers.remove(peerName) && c.waitingPeers.isEmpty()) {
        released.add(e);
      }
    }
    released.forEach(e -> release(e.getKey(), e.getValue(), at));
  }

  private void release(String key, Condition c, Instant at) {
    c.holdUntil = null;
    c.waitingPeers = Set.of();
    if (!c.present) {
      scheduleResolve(key, c, at, 0);
    }
  }

  /** Alerts currently firing (for the API and for persisting state). */
  public List<Alert> firing() {
    List<Alert> out = new ArrayList<>();
    for (Condition c : conditions.values()) {
      if (c.alert != null) {
        out.add(c.alert);
      }
    }
    out.sort(Comparator.comparing(Alert::id));
    return out;
  }

  /** Ids of the alerts firing for the registered prefix {@code registeredPrefix}, oldest first. */
  public List<String> firingIds(String registeredPrefix) {
    Set<String> ids = firingByPrefix.get(registeredPrefix);
    return ids == null ? List.of() : List.copyOf(ids);
  }

  private void index(Alert a, boolean firing) {
    if (a.registeredPrefix().isEmpty()) {
      return; // peer_down belongs to no prefix
    }
    if (firing) {
      firingByPrefix.computeIfAbsent(a.registeredPrefix(), k -> new java.util.LinkedHashSet<>()).add(a.id());
    } else {
      Set<String> ids = firingByPrefix.get(a.registeredPrefix());
      if (ids != null && ids.remove(a.id()) && ids.isEmpty()) {
        firingByPrefix.remove(a.registeredPrefix());
      }
    }
  }

  /** True while a condition for {@code key} is tracked (firing, held, or below min_peers). */
  public boolean isTracked(String key) {
    return conditions.containsKey(key);
  }

  /** Keys of every condition currently tracked (firing or waiting for enough peers). */
  public Set<String> keys() {
    return Set.copyOf(conditions.keySet());
  }

  private double penaltyAt(String key, Instant at) {
    Penalty p = penalties.get(key);
    return p == null ? 0 : p.at(at);
  }

  private void fire(String key, Condition c, Instant at) {
    c.alert = build(c, ulid.next(at), AlertStatus.FIRING, null);
    c.lastSent = at;
    index(c.alert, true);
    sink.accept(c.alert);
    scheduleRepeat(key, c);
  }

  private void resolve(Condition c, Instant at) {
    Alert a = c.alert;
    Alert resolved =
        new Alert(
            a.id(), a.key(), a.type(), a.severity(), AlertStatus.RESOLVED, a.summary(),
            a.registeredPrefix(), a.prefix(), a.customer(), a.provider(), a.location(),
            a.expectedOrigins(), a.originAsn(), a.asPath(), a.peers(), a.firstSeen(),
            c.lastSeen.isAfter(a.lastSeen()) ? c.lastSeen : a.lastSeen(), at, a.details());
    c.alert = null;
    index(resolved, false);
    sink.accept(resolved);
  }

  private static Alert build(Condition c, String id, AlertStatus status, Instant resolvedAt) {
    Finding f = c.finding;
    RegisteredPrefix r = f.registered();
    return new Alert(
        id,
        f.key(),
        f.type(),
        f.severity(),
        status,
        f.summary(),
        f.registeredPrefix(),
        f.prefix(),
        r == null ? "" : r.customer(),
        r == null ? "" : r.provider(),
        r == null ? "" : r.location(),
        r == null ? List.of() : r.originAsns(),
        f.originAsn(),
        c.asPath,
        c.peers,
        c.firstSeen,
        c.lastSeen,
        resolvedAt,
        f.details());
  }

  private static List<PeerId> sortedPeers(List<PeerId> peers) {
    List<PeerId> out = new ArrayList<>(new java.util.LinkedHashSet<>(peers));
    out.sort(Comparator.comparing(PeerId::name));
    return out;
  }
}
