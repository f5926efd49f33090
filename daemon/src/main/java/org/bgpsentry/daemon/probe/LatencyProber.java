package org.bgpsentry.daemon.probe;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bgpsentry.codec.model.nlri.IpAddress;

/**
 * Probes every target once per {@code latency.interval}, spread evenly: one probe start per slot,
 * slots {@code interval / targets} apart (never closer than {@code 1 / maxProbesPerSecond}, which
 * stretches the interval instead), at most {@code maxConcurrent} probes in flight (a full slot is
 * skipped and the target waits for the next one). A timer wakeup late by a few slots starts those
 * probes together, never more than {@link #BATCH_WINDOW} worth; further behind, the missed slots
 * are dropped rather than caught up in a burst. Runs on its own one-thread NIO event loop group,
 * apart from the BGP sessions' loops; all state is confined to that thread.
 */
public final class LatencyProber implements AutoCloseable {
  /** Slots closer than this are served in batches: timers are not finer than ~1 ms. */
  static final Duration BATCH_WINDOW = Duration.ofMillis(10);

  private final LatencySettings settings;
  private final Clock clock;
  private final Runnable started;
  private final Consumer<ProbeResult> listener;
  private final EventLoopGroup group;
  private final EventLoop loop;
  private final TcpConnectProbe probe;
  private final Map<IpAddress, Integer> answeringPort = new HashMap<>();
  private List<IpAddress> targets = List.of();
  private int cursor;
  private int inFlight;
  private long spacingNanos;
  private int maxBatch;
  private long nextSlotNanos;
  private ScheduledFuture<?> slotTimer;

  /**
   * {@code started} runs as each probe starts, {@code listener} gets every result; both on the
   * probe thread, and must not block.
   */
  public LatencyProber(
      LatencySettings settings, Clock clock, Runnable started, Consumer<ProbeResult> listener) {
    this.settings = settings;
    this.clock = clock;
    this.started = started;
    this.listener = listener;
    this.group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("bgpsentry-probe", true), NioIoHandler.newFactory());
    this.loop = group.next();
    this.probe = new TcpConnectProbe(group, settings.timeout());
  }

  /**
   * Replaces the targets (registry load or reload); when they changed, probing restarts spread
   * over the interval.
   */
  public void setTargets(List<IpAddress> newTargets) {
    List<IpAddress> copy = List.copyOf(newTargets);
    loop.execute(() -> applyTargets(copy));
  }

  private void applyTargets(List<IpAddress> newTargets) {
    if (newTargets.equals(targets)) {
      return; // a reload that leaves the targets alone keeps their pace
    }
    targets = newTargets;
    answeringPort.keySet().retainAll(java.util.Set.copyOf(newTargets));
    cursor = 0;
    if (slotTimer != null) {
      slotTimer.cancel(false);
      slotTimer = null;
    }
    if (targets.isEmpty()) {
      return;
    }
    spacingNanos = spacing(settings, targets.size()).toNanos();
    maxBatch = (int) Math.max(1, BATCH_WINDOW.toNanos() / spacingNanos);
    nextSlotNanos = System.nanoTime();
    runSlot();
  }

  /** Time between two probe starts for {@code targets} targets. */
  static Duration spacing(LatencySettings s, int targets) {
    long even = s.interval().toNanos() / targets;
    long floor = (long) Math.ceil(1e9 / s.maxProbesPerSecond());
    return Duration.ofNanos(Math.max(even, floor));
  }

  private void runSlot() {
    long now = System.nanoTime();
    int due = 0;
    while (nextSlotNanos <= now && due < maxBatch) {
      due++;
      nextSlotNanos += spacingNanos;
    }
    if (nextSlotNanos <= now) {
      nextSlotNanos = now + spacingNanos; // fell behind (GC, suspend): resume the pace, no burst
    }
    for (int i = 0; i < due && inFlight < settings.maxConcurrent(); i++) {
      start(targets.get(cursor));
      cursor = (cursor + 1) % targets.size();
    }
    slotTimer = loop.schedule(this::runSlot, nextSlotNanos - now, TimeUnit.NANOSECONDS);
  }

  private void start(IpAddress target) {
    inFlight++;
    started.run();
    probe.probe(
        target,
        clock.instant(),
        portsFor(target),
        result -> {
          inFlight--;
          if (result instanceof ProbeResult.Answered a) {
            answeringPort.put(target, a.port());
          }
          listener.accept(result);
        });
  }

  /** The configured ports in order, the last one that answered first (a filtered port costs once). */
  private List<Integer> portsFor(IpAddress target) {
    Integer preferred = answeringPort.get(target);
    if (preferred == null || preferred.equals(settings.ports().get(0))) {
      return settings.ports();
    }
    List<Integer> ordered = new ArrayList<>(settings.ports().size());
    ordered.add(preferred);
    for (int p : settings.ports()) {
      if (p != preferred) {
        ordered.add(p);
      }
    }
    return ordered;
  }

  /** Stops probing; probes in flight are abandoned. */
  @Override
  public void close() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
