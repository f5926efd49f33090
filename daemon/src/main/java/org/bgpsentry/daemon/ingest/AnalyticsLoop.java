package org.bgpsentry.daemon.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.bgpsentry.analytics.detect.DetectionEngine;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.RouteEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one analytics thread (docs/contributing.md R14: the engine is not thread-safe): owns the {@link
 * DetectionEngine}, drains route and peer events the BGP event loops {@link #offer} without ever
 * blocking them, runs tasks (reloads, API queries) in the same order, and ticks the engine with
 * the system clock once a second for deadlines between events.
 *
 * <p>Backpressure: the queue is soft-bounded by watermarks. When more than {@link
 * #HIGH_WATERMARK} items wait, {@code reading.accept(false)} asks the sessions to stop reading
 * their sockets (Netty {@code autoRead}), so TCP flow control slows the peers; below {@link
 * #LOW_WATERMARK} reading resumes. Events already decoded when reading stops are still taken, so
 * the queue may overshoot the high watermark by what one socket read held; nothing is dropped.
 * Each pause is logged and counted ({@link #pauses}); {@link #pending} and {@link #paused} are
 * exported as metrics ({@code BoundsMetrics}).
 */
public final class AnalyticsLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsLoop.class);
  public static final int HIGH_WATERMARK = 200_000;
  public static final int LOW_WATERMARK = 20_000;
  static final Duration TICK = Duration.ofSeconds(1);

  /** An event or a task, in the order offered. */
  private sealed interface Item {}

  private record RouteItem(RouteEvent event) implements Item {}

  private record PeerItem(PeerEvent event) implements Item {}

  private record Task(Consumer<DetectionEngine> work) implements Item {}

  private record Stop() implements Item {}

  /** Told of each route event around the engine taking it (e.g. for UPDATE-to-alert timing). */
  public interface RouteObserver {
    void beforeRoute(RouteEvent event);

    void afterRoute(RouteEvent event);
  }

  private final DetectionEngine engine;
  private final Clock clock;
  private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final Thread thread;
  private final RouteObserver observer;
  private volatile Consumer<Boolean> reading = on -> {};
  /** Set by whichever producer crosses the high watermark first (they run on several threads). */
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicLong pauses = new AtomicLong();
  private volatile String failure;

  public AnalyticsLoop(DetectionEngine engine, Clock clock, RouteObserver observer) {
    this.engine = engine;
    this.clock = clock;
    this.observer = observer;
    this.thread = Thread.ofPlatform().name("analytics").unstarted(this::runUntilStopped);
  }

  /**
   * Why the analytics thread ended before {@link #close} (an {@link Error} it could not go on
   * after), or null while it runs: health checks report it, as nothing is analysed any more.
   */
  public String failure() {
    return failure;
  }

  public void start() {
    thread.start();
  }

  /** Where to send backpressure: false = stop reading from peers, true = read again. */
  public void backpressure(Consumer<Boolean> reading) {
    this.reading = reading;
  }

  /** Queues a route event; never blocks (called on a BGP event loop). */
  public void offer(RouteEvent e) {
    enqueue(new RouteItem(e));
  }

  /** Queues a peer event; never blocks. */
  public void offer(PeerEvent e) {
    enqueue(new PeerItem(e));
  }

  /** Runs {@code work} on the analytics thread after everything queued before it. */
  public void submit(Consumer<DetectionEngine> work) {
    enqueue(new Task(work));
  }

  /** Computes {@code query} on the analytics thread, after everything queued before it. */
  public <T> CompletableFuture<T> query(Function<DetectionEngine, T> query) {
    CompletableFuture<T> out = new CompletableFuture<>();
    submit(engine -> out.complete(query.apply(engine)));
    return out;
  }

  /** Items waiting. */
  public int pending() {
    return pending.get();
  }

  /** True while reading is paused (above the high watermark, not yet below the low). */
  public boolean paused() {
    return paused.get();
  }

  /** How many times reading was paused. */
  public long pauses() {
    return pauses.get();
  }

  private void enqueue(Item item) {
    if (failure != null) {
      return; // nobody takes it any more; the failure was logged and health reports it
    }
    queue.add(item);
    if (pending.incrementAndGet() > HIGH_WATERMARK && !paused.get() && paused.compareAndSet(false, true)) {
      pauses.incrementAndGet();
      LOG.warn("analytics is {} events behind: pausing reads from BGP peers", HIGH_WATERMARK);
      reading.accept(false);
    }
  }

  /**
   * {@link #run}; a RuntimeException costs one item, an Error (out of memory, stack overflow, a
   * linkage error) ends the thread: it is logged and kept as the {@link #failure}.
   */
  private void runUntilStopped() {
    try {
      run();
    } catch (Error e) {
      failure = "analytics thread died: " + e;
      LOG.error("{}; no more detection until restart", failure, e);
      if (paused.compareAndSet(true, false)) {
        reading.accept(true); // the sessions still keep the RIBs and the API up to date
      }
      throw e;
    }
  }

  private void run() {
    long nextTick = System.nanoTime() + TICK.toNanos();
    while (true) {
      Item item;
      try {
        item = queue.poll(Math.max(0, nextTick - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (item != null) {
        if (pending.decrementAndGet() < LOW_WATERMARK && paused.get() && paused.compareAndSet(true, false)) {
          LOG.info("analytics caught up: reading from BGP peers again");
          reading.accept(true);
        }
        try {
          switch (item) {
            case RouteItem r -> {
              observer.beforeRoute(r.event());
              try {
                engine.onRoute(r.event());
              } finally {
                observer.afterRoute(r.event());
              }
            }
            case PeerItem p -> engine.onPeer(p.event());
            case Task t -> t.work().accept(engine);
            case Stop s -> {
              return;
            }
          }
        } catch (RuntimeException e) {
          LOG.error("analytics failed on {}: {}", item, e.toString(), e);
        }
      }
      if (System.nanoTime() - nextTick >= 0) {
        try {
          engine.advance(clock.instant());
        } catch (RuntimeException e) {
          LOG.error("analytics tick failed: {}", e.toString(), e);
        }
        nextTick = System.nanoTime() + TICK.toNanos();
      }
    }
  }

  /** Processes what is queued, then stops the thread (waits up to 5 s). */
  @Override
  public void close() {
    enqueue(new Stop());
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("analytics did not finish its queue ({} left) within 5 s", pending.get());
      thread.interrupt();
    }
  }
}
