package org.bgpsentry.analytics.rib;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A bounded more-specifics query over one {@link PeerRib} family table (the API's {@code
 * more_specifics=true}), run in slices on the RIB's owner thread: each {@link #step} scans at most
 * a given number of table slots, and the scan ends once it holds {@code limit} routes. A query for
 * {@code 0.0.0.0/0} on a full table thus never holds the BGP event loop for more than one slice,
 * and never copies more than {@code limit} routes.
 *
 * <p>The table may change between slices. A growth rehash (capacity changed) restarts the scan at
 * slot 0, skipping the routes already collected, so no route is returned twice. Routes announced
 * or withdrawn while the query runs may or may not be in the answer, as in any live view; a route
 * that a withdrawal's backward-shift delete moves back past the cursor is missed.
 *
 * <p>Not thread-safe: create and step it on the RIB's owner thread; read {@link #routes} after
 * the last step, through a happens-before edge (e.g. a completed future).
 */
public final class MoreSpecificsScan {
  private final PeerRib rib;
  private final PrefixMap map;
  private final Prefix prefix;
  private final int limit;
  private final java.util.function.Predicate<RibRoute> filter;
  private final List<RibRoute> routes = new ArrayList<>();
  private int capacity;
  private int slot;
  private boolean truncated;
  private boolean done;

  /** Keys of the collected routes, made only when a rehash forces a restart. */
  private Set<Key> collected;

  private record Key(Prefix prefix, long pathId) {}

  MoreSpecificsScan(
      PeerRib rib, PrefixMap map, Prefix prefix, int limit, java.util.function.Predicate<RibRoute> filter) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " (expected: >= 0)");
    }
    this.rib = rib;
    this.map = map;
    this.prefix = prefix;
    this.limit = limit;
    this.filter = filter;
    this.capacity = map.capacity();
  }

  /**
   * Scans up to {@code slots} table slots.
   *
   * @return true when the scan is over: the table is done, or a route beyond {@code limit} was
   *     found ({@link #truncated})
   */
  public boolean step(int slots) {
    if (done) {
      return true;
    }
    if (map.capacity() != capacity) {
      restart();
    }
    int end = (int) Math.min((long) slot + slots, capacity);
    for (; slot < end; slot++) {
      if (!map.occupied(slot) || !map.coveredBy(slot, prefix)) {
        continue;
      }
      if (collected != null && collected.contains(new Key(map.prefix(slot), map.pathId(slot)))) {
        continue;
      }
      RibRoute r = rib.route(map, slot);
      if (!filter.test(r)) {
        continue;
      }
      if (routes.size() == limit) {
        truncated = true;
        done = true;
        return true;
      }
      routes.add(r);
    }
    done = slot == capacity;
    return done;
  }

  private void restart() {
    collected = new HashSet<>();
    routes.forEach(r -> collected.add(new Key(r.prefix(), r.pathId())));
    capacity = map.capacity();
    slot = 0;
  }

  /** Whether a step ended the scan. */
  public boolean done() {
    return done;
  }

  /** True when more matching routes exist than {@code limit} (at least one was left out). */
  public boolean truncated() {
    return truncated;
  }

  /** The routes collected so far, in table order, at most {@code limit}. */
  public List<RibRoute> routes() {
    return routes;
  }
}
