package org.bgpsentry.daemon.ingest;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.analytics.rpki.VrpSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPKI-to-Router client (RFC 8210, falling back to RFC 6810): keeps a {@link VrpSet} in step with
 * an RPKI cache and hands each complete new set to {@code onUpdate}. One blocking connection on
 * its own thread, never on a BGP event loop.
 *
 * <p>Starts with version 1 and a Reset Query (§5.4); afterwards asks for increments with Serial
 * Queries (§5.3) when the cache sends a Serial Notify or the Refresh Interval passes (§6). A Cache
 * Reset, or a Cache Response with another Session ID than the one our serial belongs to (§5.1),
 * starts over with a Reset Query. An Error Report "Unsupported Protocol Version" whose header
 * carries a lower version, or a first Cache Response in a lower version (what StayRTR limited to
 * version 0 does), makes the client speak that version (RFC 8210 §7). When the connection
 * fails the client reconnects after the Retry Interval; data older than the Expire Interval
 * without a successful update is dropped (§6), which {@code onUpdate} sees as an empty set.
 */
public final class RtrClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtrClient.class);
  static final int HIGHEST_VERSION = 1;
  /** RFC 8210 §6 defaults, used until the cache sends its own (version 0 never does). */
  static final Duration DEFAULT_REFRESH = Duration.ofSeconds(3600);
  static final Duration DEFAULT_RETRY = Duration.ofSeconds(600);
  static final Duration DEFAULT_EXPIRE = Duration.ofSeconds(7200);
  /** Longest wait for the next PDU of a response in progress. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  private final InetSocketAddress cache;
  private final Clock clock;
  private final Consumer<VrpSet> onUpdate;
  private final Thread thread;
  private final Duration firstRetry;
  private volatile boolean closed;
  private volatile Socket socket;
  private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

  private int version = HIGHEST_VERSION;
  private int sessionId = -1;
  private long serial;
  private Set<Vrp> vrps = new HashSet<>();
  private Instant lastUpdate;
  private Duration refresh = DEFAULT_REFRESH;
  private Duration retry = DEFAULT_RETRY;
  private Duration expire = DEFAULT_EXPIRE;

  /**
   * @param firstRetry wait before reconnecting while the cache never answered (the cache's Retry
   *     Interval applies once it has); keeps a restarting cache from delaying start-up by minutes
   */
  public RtrClient(InetSocketAddress cache, Clock clock, Duration firstRetry, Consumer<VrpSet> onUpdate) {
    this.cache = cache;
    this.clock = clock;
    this.firstRetry = firstRetry;
    this.onUpdate = onUpdate;
    this.thread = Thread.ofPlatform().daemon().name("rtr-" + cache).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** The protocol version in use (1, or 0 after falling back). */
  public int version() {
    return version;
  }

  /** TCP connections made to the cache so far. */
  public int connections() {
    return connections.get();
  }

  private void run() {
    while (!closed) {
      try (Socket s = new Socket()) {
        socket = s;
        s.connect(cache, 10_000);
        s.setTcpNoDelay(true);
        connections.incrementAndGet();
        LOG.info("RTR: connected to {} (version {})", cache, version);
        converse(s);
      } catch (RtrPdu.ProtocolException e) {
        LOG.warn("RTR {}: protocol error: {}", cache, e.getMessage());
        forgetSession();
      } catch (Downgrade d) {
        continue; // reconnect at once with the lower version
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("RTR {}: {}", cache, e.toString());
        }
      }
      expireIfDue();
      sleep(lastUpdate == null ? firstRetry : retry);
    }
  }

  /** The cache supports only a lower version: reconnect speaking it. */
  private static final class Downgrade extends IOException {
    Downgrade(String message) {
      super(message);
    }
  }

  private void converse(Socket s) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
    OutputStream out = s.getOutputStream();
    query(out);
    Set<Vrp> pending = null;
    boolean resetSent = sessionId < 0;
    Instant nextRefresh = clock.instant().plus(refresh);
    while (!closed) {
      long wait = pending != null ? RESPONSE_TIMEOUT.toMillis()
          : Math.max(1, Duration.between(clock.instant(), nextRefresh).toMillis());
      s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, wait));
      RtrPdu pdu;
      try {
        pdu = RtrPdu.read(in);
      } catch (SocketTimeoutException e) {
        if (pending != null) {
          throw new IOException("no End of Data within " + RESPONSE_TIMEOUT);
        }
        resetSent = sessionId < 0;
        query(out); // §6 Refresh Interval
        nextRefresh = clock.instant().plus(refresh);
        continue;
      } catch (RtrPdu.ProtocolException e) {
        out.write(RtrPdu.errorReport(version, e.code(), e.getMessage()));
        throw e;
      }
      if (pdu instanceof RtrPdu.CacheResponse && pdu.version() < version && lastUpdate == null) {
        // RFC 8210 §7: a cache that speaks only an older version may answer in it; use it.
        LOG.info("RTR {}: cache answers in version {}: falling back", cache, pdu.version());
        version = pdu.version();
      }
      if (pdu.version() != version && !(pdu instanceof RtrPdu.ErrorReport)) {
        String why = "PDU of version " + pdu.version() + " (expected: " + version + ")";
        out.write(RtrPdu.errorReport(version, RtrPdu.UNEXPECTED_PROTOCOL_VERSION, why));
        throw new RtrPdu.ProtocolException(RtrPdu.UNEXPECTED_PROTOCOL_VERSION, why);
      }
      switch (pdu) {
        case RtrPdu.SerialNotify n -> {
          if (pending == null) {
            resetSent = sessionId < 0;
            query(out);
            nextRefresh = clock.instant().plus(refresh);
          }
        }
        case RtrPdu.CacheResponse r -> {
          if (!resetSent && r.sessionId() != sessionId) {
            LOG.info("RTR {}: session ID changed {} -> {}: reloading everything", cache, sessionId, r.sessionId());
            forgetSession();
            resetSent = true;
            out.write(RtrPdu.resetQuery(version));
            continue;
          }
          sessionId = r.sessionId();
          pending = resetSent ? new HashSet<>() : new HashSet<>(vrps);
        }
        case RtrPdu.PrefixPdu p -> {
          if (pending == null) {
            throw new RtrPdu.ProtocolException(RtrPdu.CORRUPT_DATA, "prefix PDU outside a Cache Response");
          }
          if (p.announce()) {
            pending.add(p.vrp());
          } else if (!pending.remove(p.vrp())) {
            LOG.debug("RTR {}: withdrawal of unknown {}", cache, p.vrp());
          }
        }
        case RtrPdu.EndOfData e -> {
          if (pending == null) {
            throw new RtrPdu.ProtocolException(RtrPdu.CORRUPT_DATA, "End of Data outside a Cache Response");
          }
          vrps = pending;
          pending = null;
          sessionId = e.sessionId();
          serial = e.serial();
          if (e.refresh() > 0) {
            refresh = Duration.ofSeconds(e.refresh());
            retry = Duration.ofSeconds(e.retry());
            expire = Duration.ofSeconds(e.expire());
          }
          lastUpdate = clock.instant();
          nextRefresh = lastUpdate.plus(refresh);
          resetSent = false;
          LOG.info("RTR {}: serial {} (session {}): {} VRPs", cache, serial, sessionId, vrps.size());
          onUpdate.accept(new VrpSet(List.copyOf(vrps), lastUpdate));
        }
        case RtrPdu.CacheReset c -> {
          forgetSession();
          pending = null;
          resetSent = true;
          out.write(RtrPdu.resetQuery(version));
        }
        case RtrPdu.RouterKey k -> {}
        case RtrPdu.ErrorReport r -> {
          if (r.code() == RtrPdu.UNSUPPORTED_PROTOCOL_VERSION && r.version() < version) {
            LOG.info("RTR {}: cache speaks version {} only: falling back", cache, r.version());
            version = r.version();
            forgetSession();
            throw new Downgrade("falling back to version " + version);
          }
          if (r.code() == RtrPdu.NO_DATA_AVAILABLE) {
            throw new IOException("cache has no data yet (Error Report 2)");
          }
          // E.g. StayRTR answers a Serial Query for another cache's session with Corrupt Data:
          // the next connection starts over with a Reset Query (the VRPs stay until it is done).
          forgetSession();
          throw new IOException("cache sent Error Report " + r.code() + ": " + r.text());
        }
      }
    }
  }

  private void forgetSession() {
    sessionId = -1;
    serial = 0;
  }

  private void query(OutputStream out) throws IOException {
    out.write(sessionId < 0 ? RtrPdu.resetQuery(version) : RtrPdu.serialQuery(version, sessionId, serial));
    out.flush();
  }

  private void expireIfDue() {
    if (lastUpdate != null && !vrps.isEmpty() && clock.instant().isAfter(lastUpdate.plus(expire))) {
      LOG.warn("RTR {}: no update for {} (Expire Interval): dropping {} VRPs", cache, expire, vrps.size());
      vrps = new HashSet<>();
      forgetSession();
      onUpdate.accept(new VrpSet(List.of(), lastUpdate));
    }
  }

  private void sleep(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    while (!closed && System.nanoTime() < end) {
      try {
        Thread.sleep(Math.min(200, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Socket s = socket;
    if (s != null) {
      try {
        s.close();
      } catch (IOException e) {
        LOG.debug("RTR {}: closing: {}", cache, e.toString());
      }
    }
    thread.interrupt();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
