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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.bgpsentry.analytics.rpki.AspaSet;
import org.bgpsentry.analytics.rpki.Vrp;
import org.bgpsentry.analytics.rpki.VrpSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RPKI-to-Router client (draft-ietf-sidrops-8210bis version 2, falling back to RFC 8210 version 1
 * and RFC 6810 version 0): keeps the VRPs and, in version 2, the ASPA records of an RPKI cache and
 * hands each complete new set to {@code onUpdate}. One blocking connection on its own thread,
 * never on a BGP event loop.
 *
 * <p>Starts with version 2 and a Reset Query (§5.4); afterwards asks for increments with Serial
 * Queries (§5.3) when the cache sends a Serial Notify or the Refresh Interval passes (§6). A Cache
 * Reset, or a Cache Response with another Session ID than the one our serial belongs to (§5.1),
 * starts over with a Reset Query. Version negotiation (RFC 8210 §7, 8210bis §7): an Error Report
 * "Unsupported Protocol Version" whose header carries a lower version, or a first Cache Response
 * in a lower version (what StayRTR does when limited to version 1 or 0), makes the client speak
 * that version, so 2 -> 1 -> 0. An ASPA PDU announces the complete provider set of one customer
 * AS, replacing the previous one, or withdraws it (8210bis §5.12). When the connection fails the
 * client reconnects after the Retry Interval; data older than the Expire Interval without a
 * successful update is dropped (§6), which {@code onUpdate} sees as an empty set.
 */
public final class RtrClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtrClient.class);
  static final int HIGHEST_VERSION = 2;
  /** RFC 8210 §6 defaults, used until the cache sends its own (version 0 never does). */
  static final Duration DEFAULT_REFRESH = Duration.ofSeconds(3600);
  static final Duration DEFAULT_RETRY = Duration.ofSeconds(600);
  static final Duration DEFAULT_EXPIRE = Duration.ofSeconds(7200);
  /** Longest wait for the next PDU of a response in progress. */
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  private final InetSocketAddress cache;
  private final Clock clock;
  private final Consumer<RpkiData> onUpdate;
  private final Thread thread;
  private final Duration firstRetry;
  private volatile boolean closed;
  private volatile Socket socket;
  private final AtomicInteger connections = new AtomicInteger();

  private int version = HIGHEST_VERSION;
  private int sessionId = -1;
  private long serial;
  private Set<Vrp> vrps = new HashSet<>();
  private Map<AspaKey, List<Long>> aspas = new HashMap<>();
  private Instant lastUpdate;
  private Duration refresh = DEFAULT_REFRESH;
  private Duration retry = DEFAULT_RETRY;
  private Duration expire = DEFAULT_EXPIRE;

  /**
   * @param firstRetry wait before reconnecting while the cache never answered (the cache's Retry
   *     Interval applies once it has); keeps a restarting cache from delaying start-up by minutes
   */
  public RtrClient(InetSocketAddress cache, Clock clock, Duration firstRetry, Consumer<RpkiData> onUpdate) {
    this.cache = cache;
    this.clock = clock;
    this.firstRetry = firstRetry;
    this.onUpdate = onUpdate;
    this.thread = Thread.ofPlatform().daemon().name("rtr-" + cache).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** One ASPA record: a customer AS, per address family in drafts -10 to -12 (-1 = all). */
  private record AspaKey(long customer, int afiFlags) {}

  /** The protocol version in use (2, or 1 or 0 after falling back). */
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
    Map<AspaKey, List<Long>> pendingAspas = null;
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
          pendingAspas = resetSent ? new HashMap<>() : new HashMap<>(aspas);
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
        case RtrPdu.Aspa a -> {
          if (pendingAspas == null) {
            throw new RtrPdu.ProtocolException(RtrPdu.CORRUPT_DATA, "ASPA PDU outside a Cache Response");
          }
          AspaKey key = new AspaKey(a.customer(), a.afiFlags());
          List<Long> held = pendingAspas.get(key);
          if (a.announce()) {
            pendingAspas.put(key, a.providers()); // replaces the customer's earlier set
          } else if (held == null) {
            LOG.debug("RTR {}: withdrawal of unknown ASPA of AS{}", cache, a.customer());
          } else if (!a.providers().isEmpty() && !Set.copyOf(held).equals(Set.copyOf(a.providers()))) {
            // A withdrawal naming other providers than the record held refers to a record an
            // announcement already replaced (StayRTR 0.5.1 sends a changed ASPA as "announce new,
            // withdraw old"): the draft calls a non-matching withdrawal an error; keep the new one.
            LOG.debug("RTR {}: withdrawal of a replaced ASPA of AS{} {}: ignored", cache, a.customer(), a.providers());
          } else {
            pendingAspas.remove(key);
          }
        }
        case RtrPdu.EndOfData e -> {
          if (pending == null) {
            throw new RtrPdu.ProtocolException(RtrPdu.CORRUPT_DATA, "End of Data outside a Cache Response");
          }
          vrps = pending;
          aspas = pendingAspas;
          pending = null;
          pendingAspas = null;
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
          LOG.info("RTR {}: serial {} (session {}, version {}): {} VRPs, {} ASPAs", cache, serial, sessionId,
              version, vrps.size(), aspas.size());
          onUpdate.accept(snapshot());
        }
        case RtrPdu.CacheReset c -> {
          forgetSession();
          pending = null;
          pendingAspas = null;
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

  /** The data now held; a customer's records of several address families merge into one set. */
  private RpkiData snapshot() {
    Map<Long, Set<Long>> byCustomer = new HashMap<>();
    aspas.forEach((k, providers) -> byCustomer.computeIfAbsent(k.customer(), c -> new HashSet<>()).addAll(providers));
    return new RpkiData(new VrpSet(List.copyOf(vrps), lastUpdate), new AspaSet(byCustomer));
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
    boolean holding = !vrps.isEmpty() || !aspas.isEmpty();
    if (lastUpdate != null && holding && clock.instant().isAfter(lastUpdate.plus(expire))) {
      LOG.warn("RTR {}: no update for {} (Expire Interval): dropping {} VRPs and {} ASPAs", cache, expire,
          vrps.size(), aspas.size());
      vrps = new HashSet<>();
      aspas = new HashMap<>();
      forgetSession();
      onUpdate.accept(snapshot());
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
