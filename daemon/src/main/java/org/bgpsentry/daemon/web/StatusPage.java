package org.bgpsentry.daemon.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bgpsentry.analytics.alert.Alert;
import org.bgpsentry.daemon.alert.AlertJson;
import org.bgpsentry.daemon.http.ApiViews;
import org.bgpsentry.daemon.http.PeerJson;
import org.bgpsentry.daemon.session.PeerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status page for the NOC (docs/operators-guide.md "The status page"): its files, served from the jar, and the live
 * events of {@code GET /api/v1/events}. Alert transitions arrive from the dispatcher once
 * committed ({@link #alert}); peer changes are found by reading the API's peer view every second
 * (a state or last error that differs, a peer added or removed), so every source of peers shows
 * up without hooks in it. Every stream gets a heartbeat comment every {@link
 * #HEARTBEAT_SECONDS}, which also finds clients that went away.
 *
 * <p>The page changes nothing: it only reads the API, so docs/api.md's token rule has nothing
 * to guard here.
 */
public final class StatusPage implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatusPage.class);
  static final ObjectMapper JSON = new ObjectMapper();
  /** Open event streams at most; more get 503 (each holds a connection and a buffer). */
  static final int MAX_STREAMS = 64;
  static final long HEARTBEAT_SECONDS = 15;
  /** The browser's reconnect delay after a dropped stream ({@code retry:}). */
  static final long RETRY_MILLIS = 2000;
  static final long PEER_POLL_MILLIS = 1000;

  private final Supplier<ApiViews> views;
  private final Clock clock;
  private final StaticFiles files = new StaticFiles();
  private final EventLog events;
  private final ChannelGroup streams = new DefaultChannelGroup("sse", GlobalEventExecutor.INSTANCE);
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("status-page").unstarted(r));
  /** name -> what was last published about the peer (guarded by the timer thread). */
  private final Map<String, PeerStatus> lastPeers = new HashMap<>();

  /** @param views the API's views, read each second for peer changes */
  public StatusPage(Supplier<ApiViews> views, Clock clock) {
    this.views = views;
    this.clock = clock;
    this.events = new EventLog(clock.millis());
    pollPeers(false);
    timer.scheduleWithFixedDelay(() -> pollPeers(true), PEER_POLL_MILLIS, PEER_POLL_MILLIS, TimeUnit.MILLISECONDS);
    timer.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
  }

  /** A new handler for one HTTP connection, placed before the API's. */
  public ChannelHandler handler() {
    return new WebHandler(this);
  }

  /** An alert transition (firing or resolved) that the dispatcher committed. */
  public void alert(Alert a) {
    events.publish("alert", AlertJson.toNode(a).toString());
  }

  private void pollPeers(boolean publish) {
    try {
      List<PeerStatus> now = views.get().peers().peers();
      Map<String, PeerStatus> seen = new HashMap<>();
      for (PeerStatus p : now) {
        String name = p.peer().name();
        seen.put(name, p);
        PeerStatus before = lastPeers.put(name, p);
        boolean changed =
            before == null || before.state() != p.state() || !java.util.Objects.equals(before.lastError(), p.lastError());
        if (publish && changed) {
          events.publish("peer", JSON.writeValueAsString(PeerJson.of(p, clock.instant())));
        }
      }
      for (String gone : List.copyOf(lastPeers.keySet())) {
        if (!seen.containsKey(gone)) {
          lastPeers.remove(gone);
          if (publish) {
            events.publish("peer", JSON.writeValueAsString(Map.of("name", gone, "state", "removed")));
          }
        }
      }
    } catch (Exception e) {
      LOG.warn("status page: peer view not read: {}", e.toString());
    }
  }

  private void heartbeat() {
    streams.writeAndFlush(WebHandler.text(": heartbeat\n\n"));
  }

  StaticFiles files() {
    return files;
  }

  EventLog events() {
    return events;
  }

  /** Open event streams (closed ones leave the group by themselves). */
  ChannelGroup streams() {
    return streams;
  }

  /** Stops the timers and ends every open stream. */
  @Override
  public void close() {
    timer.shutdownNow();
    streams.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
  }
}
