package org.bgpsentry.daemon.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bgpsentry.analytics.event.EventKind;
import org.bgpsentry.analytics.event.PeerEvent;
import org.bgpsentry.analytics.event.PeerId;
import org.bgpsentry.analytics.event.RouteEvent;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.bmp.BmpCodec;
import org.bgpsentry.codec.bmp.BmpMessage;
import org.bgpsentry.codec.bmp.PeerType;
import org.bgpsentry.codec.bmp.PerPeerHeader;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.OptionalParameter;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.DecodeContext;
import org.bgpsentry.daemon.DaemonComponent;
import org.bgpsentry.daemon.DaemonContext;
import org.bgpsentry.daemon.RouteSink;
import org.bgpsentry.daemon.config.BgpsentryConfig;
import org.bgpsentry.daemon.ingest.BmpRawFeed;
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code publish_bmp_raw} (docs/scaling.md): every message the sources receive goes to {@code
 * <prefix>.bmp_raw} as BMP (RFC 7854) behind the {@link OpenBmpHeader}, before any registry filter
 * and without decoding it again.
 *
 * <ul>
 *   <li>BMP routers: each message as the router sent it (Initiation, Peer Up, Route Monitoring,
 *       Statistics, Peer Down, Termination, Route Mirroring), header with that router's address,
 *       as OpenBMP's collector republishes them;
 *   <li>BGP sessions, the daemon in the router's place ({@link SessionBmp}): Peer Up with the
 *       OPENs exchanged, one Route Monitoring per UPDATE received wrapping its bytes, Peer Down
 *       with the §4.9 reason and the NOTIFICATION; header with the daemon's router id;
 *   <li>RIS Live (whose subscriptions already hold only the registered prefixes and which has no
 *       BGP bytes to pass on): synthesized from the route and peer events as before ({@link
 *       #risLive}), one UPDATE per route change.
 * </ul>
 *
 * <p>The sources' threads only copy and queue; one thread ({@code kafka-bmp-raw}) writes the
 * records and sends them, keyed by the router's address (one router's messages stay in order in
 * one partition). Nothing is dropped: above {@link #HIGH} octets waiting the sources stop reading
 * (TCP flow control holds the peers and routers back), below {@link #LOW} they read again; each
 * pause is logged and counted, the backlog is {@code bgpsentry_kafka_bmp_raw_backlog_bytes}.
 */
public final class BmpRawTap implements DaemonComponent, BmpRawFeed {
  private static final Logger LOG = LoggerFactory.getLogger(BmpRawTap.class);
  static final long HIGH = 64L << 20;
  static final long LOW = 16L << 20;
  static final String ADMIN_ID = "bgpsentry";
  /** What a queued item costs beyond its message octets (object headers, queue node). */
  private static final int OVERHEAD = 64;

  private final long high;
  private final long low;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicLong pauses = new AtomicLong();
  private final List<Consumer<Boolean>> readers = new CopyOnWriteArrayList<>();
  private volatile boolean closing;
  private KafkaProducer<byte[], byte[]> producer;
  private String topic;
  private final TopicGate gate;
  private IpAddress router;
  private long localAsn;
  private BgpsentryMetrics metrics;
  private Thread thread;
  /** On the sending thread: the headers per router address, the sessions' Peer Up facts. */
  private final Map<IpAddress, OpenBmpHeader> headers = new HashMap<>();
  private final Map<PeerId, SessionBmp.Peer> sessions = new HashMap<>();

  private record RouterMessage(IpAddress router, byte[] message) {}

  private record SessionUp(SessionBmp.Peer peer, IpAddress local, int localPort, int remotePort, byte[] sent,
      byte[] received, long at) {}

  private record SessionUpdate(PeerId peer, byte[] update, long at) {}

  private record SessionDown(PeerId peer, int reason, byte[] data, long at) {}

  /** @param gate the daemon's {@link TopicGate}, the one its {@link KafkaComponent} opens */
  public BmpRawTap(TopicGate gate) {
    this(gate, HIGH, LOW);
  }

  /** With other watermarks, in octets waiting (tests). */
  public BmpRawTap(TopicGate gate, long high, long low) {
    this.gate = gate;
    this.high = high;
    this.low = low;
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) {
    metrics = ctx.metrics();
    topic = KafkaTopics.of(config.kafka().topicPrefix()).bmpRaw();
    router = config.bgp() == null ? IpAddress.parse("0.0.0.0") : config.bgp().routerId();
    localAsn = config.bgp() == null ? 0 : config.bgp().localAsn();
    metrics.kafkaTopics(List.of(topic), List.of());
    metrics.kafkaBmpRawBacklog(pending::get, pauses::get);
    producer = new KafkaClients(config.kafka()).producer("bmp-raw", true);
    thread = Thread.ofPlatform().daemon().name("kafka-bmp-raw").start(this::run);
  }

  /** The sink RIS Live hands its events to: on to {@code inner}, and synthesized into the topic. */
  public RouteSink risLive(RouteSink inner) {
    return new RouteSink() {
      @Override
      public boolean relevant(Prefix prefix) {
        return inner.relevant(prefix);
      }

      @Override
      public void offer(RouteEvent event) {
        inner.offer(event);
        enqueue(event, 256);
      }

      @Override
      public void offer(PeerEvent event) {
        inner.offer(event);
        enqueue(event, 256);
      }

      @Override
      public void peerRemoved(PeerId peer) {
        inner.peerRemoved(peer);
      }

      @Override
      public void backpressure(Consumer<Boolean> reading) {
        inner.backpressure(reading);
      }

      @Override
      public String rpkiState(Prefix prefix, long origin) {
        return inner.rpkiState(prefix, origin);
      }
    };
  }

  @Override
  public void routerMessage(IpAddress from, byte[] message) {
    enqueue(new RouterMessage(from, message), message.length);
  }

  @Override
  public void sessionUp(PeerId peer, IpAddress peerBgpId, boolean fourOctetAs, IpAddress localAddress, int localPort,
      int remotePort, byte[] sentOpen, byte[] receivedOpen, long atMillis) {
    enqueue(new SessionUp(new SessionBmp.Peer(peer, peerBgpId, fourOctetAs), localAddress, localPort, remotePort,
        sentOpen, receivedOpen, atMillis), sentOpen.length + receivedOpen.length);
  }

  @Override
  public void sessionUpdate(PeerId peer, byte[] update, long atMillis) {
    enqueue(new SessionUpdate(peer, update, atMillis), update.length);
  }

  @Override
  public void sessionDown(PeerId peer, int reason, byte[] data, long atMillis) {
    enqueue(new SessionDown(peer, reason, data, atMillis), data.length);
  }

  @Override
  public void backpressure(Consumer<Boolean> reading) {
    readers.add(reading);
  }

  private void enqueue(Object o, int size) {
    queue.add(o);
    long now = pending.addAndGet(size + OVERHEAD);
    if (now > high && !paused.get() && paused.compareAndSet(false, true)) {
      pauses.incrementAndGet();
      LOG.warn("{}: {} octets wait for Kafka: the sources stop reading until {} are left", topic, now, low);
      readers.forEach(r -> r.accept(false));
    }
  }

  private void run() {
    if (!gate.awaitUnless(topic, () -> closing)) {
      return; // closing before the topic was there (TopicGate)
    }
    while (!closing || !queue.isEmpty()) {
      Object o;
      try {
        o = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (o == null) {
        continue;
      }
      try {
        send(o);
      } catch (RuntimeException e) {
        LOG.error("{}: cannot publish {}: {}", topic, o, e.toString());
      }
      if (pending.addAndGet(-(size(o) + OVERHEAD)) < low && paused.get() && paused.compareAndSet(true, false)) {
        LOG.info("{}: the backlog is below {} octets: the sources read again", topic, low);
        readers.forEach(r -> r.accept(true));
      }
    }
  }

  private static int size(Object o) {
    return switch (o) {
      case RouterMessage m -> m.message().length;
      case SessionUp u -> u.sent().length + u.received().length;
      case SessionUpdate u -> u.update().length;
      case SessionDown d -> d.data().length;
      default -> 256;
    };
  }

  /** Writes {@code o}'s record and hands it to the producer (which may wait for the cluster). */
  private void send(Object o) {
    long now = System.currentTimeMillis();
    IpAddress from = router;
    byte[] value;
    switch (o) {
      case RouterMessage m -> {
        from = m.router();
        ByteBuffer b = header(from).record(m.message().length, now);
        b.put(m.message());
        value = b.array();
      }
      case SessionUp u -> {
        sessions.put(u.peer().id(), u.peer());
        ByteBuffer b = header(from).record(SessionBmp.peerUpLength(u.sent(), u.received()), now);
        SessionBmp.peerUp(b, u.peer(), u.at(), u.local(), u.localPort(), u.remotePort(), u.sent(), u.received());
        value = b.array();
      }
      case SessionUpdate u -> {
        ByteBuffer b = header(from).record(SessionBmp.routeMonitoringLength(u.update()), now);
        SessionBmp.routeMonitoring(b, session(u.peer()), u.at(), u.update());
        value = b.array();
      }
      case SessionDown d -> {
        ByteBuffer b = header(from).record(SessionBmp.peerDownLength(d.data()), now);
        SessionBmp.peerDown(b, session(d.peer()), d.at(), d.reason(), d.data());
        sessions.remove(d.peer());
        value = b.array();
      }
      default -> {
        BmpMessage m = message(o);
        if (m == null) {
          return;
        }
        value = record(m, now);
      }
    }
    producer.send(new ProducerRecord<>(topic, from.toString().getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
      if (e == null) {
        metrics.kafkaRecordSent(topic);
      } else {
        LOG.error("{}: cannot publish: {}", topic, e.toString());
      }
    });
  }

  private OpenBmpHeader header(IpAddress from) {
    return headers.computeIfAbsent(from, a -> new OpenBmpHeader(ADMIN_ID, a));
  }

  /** The session's Peer Up facts; a session whose Peer Up was not seen gets BGP Identifier 0. */
  private SessionBmp.Peer session(PeerId peer) {
    SessionBmp.Peer p = sessions.get(peer);
    return p != null ? p : new SessionBmp.Peer(peer, IpAddress.parse("0.0.0.0"), true);
  }

  /** One synthesized record: the OpenBMP header, then the BMP message. */
  private byte[] record(BmpMessage m, long now) {
    ByteBuf bmp = Unpooled.buffer(256);
    try {
      BmpCodec.encode(m, p -> DecodeContext.FOUR_OCTET_AS, bmp);
      ByteBuffer b = header(router).record(bmp.readableBytes(), now);
      bmp.readBytes(b);
      return b.array();
    } finally {
      bmp.release();
    }
  }

  /** RFC 7854 §4.2 per-peer header: global instance, pre-policy, 4-octet AS_PATH. */
  private static PerPeerHeader peer(PeerId p, java.time.Instant at) {
    IpAddress id = p.address().ipv6() ? IpAddress.parse("0.0.0.0") : p.address();
    return new PerPeerHeader(PeerType.GLOBAL_INSTANCE, p.address().ipv6() ? PerPeerHeader.FLAG_V : 0, 0,
        p.address(), p.asn(), id, at.getEpochSecond(), at.getNano() / 1000);
  }

  /** A RIS Live event as BMP: Established a Peer Up, a route change a Route Monitoring, Down a Peer Down. */
  private BmpMessage message(Object o) {
    return switch (o) {
      case RouteEvent e -> new BmpMessage.RouteMonitoring(peer(e.peer(), e.at()),
          new UpdateResult(update(e), ErrorAction.NONE, List.of()));
      case PeerEvent.Established e -> new BmpMessage.PeerUp(peer(e.peer(), e.at()), router, 179, 0,
          open(localAsn, router), open(e.peer().asn(), peer(e.peer(), e.at()).bgpId()), List.of());
      case PeerEvent.Down e -> new BmpMessage.PeerDown(peer(e.peer(), e.at()),
          BmpMessage.PeerDown.LOCAL_NO_NOTIFICATION, null, 0, List.of(), OpaqueBytes.EMPTY);
      case PeerEvent.EndOfRib e -> null;
      default -> throw new IllegalStateException("unexpected " + o);
    };
  }

  /** An OPEN as the session would have carried it: RFC 6793 AS_TRANS in the 2-octet field. */
  private static Open open(long asn, IpAddress id) {
    List<Capability> caps = List.of(new Capability.Multiprotocol(Family.IPV4_UNICAST),
        new Capability.Multiprotocol(Family.IPV6_UNICAST), new Capability.FourOctetAs(asn));
    int two = asn > 0xffff ? 23456 : (int) asn;
    return new Open(4, two, 90, id, List.of(new OptionalParameter.Capabilities(caps)), false);
  }

  /** The route change as an UPDATE: IPv4 in the NLRI fields, IPv6 in MP_REACH/MP_UNREACH_NLRI (RFC 4760). */
  private static Update update(RouteEvent e) {
    Nlri nlri = Nlri.of(e.prefix());
    boolean gone = e.kind() == EventKind.WITHDRAW || e.kind() == EventKind.PEER_DOWN;
    if (!e.prefix().ipv6()) {
      return gone ? new Update(List.of(nlri), PathAttributes.EMPTY, List.of())
          : new Update(List.of(), e.attributes(), List.of(nlri));
    }
    if (gone) {
      return new Update(List.of(), PathAttributes.of(
          new PathAttribute.MpUnreachNlri(Family.IPV6_UNICAST, List.of(nlri), OpaqueBytes.EMPTY)), List.of());
    }
    PathAttributes a = e.attributes();
    List<PathAttribute> list = new ArrayList<>();
    byte[] flags = new byte[a.size()];
    for (int i = 0; i < a.size(); i++) {
      PathAttribute x = a.list().get(i);
      if (x instanceof PathAttribute.MpReachNlri r) {
        x = new PathAttribute.MpReachNlri(r.family(), r.nextHops(), r.rawNextHop(), List.of(nlri), OpaqueBytes.EMPTY);
      }
      flags[i] = (byte) a.flags(i);
      list.add(x);
    }
    return new Update(List.of(), new PathAttributes(list, flags, a.asPath()), List.of());
  }

  @Override
  public void close() {
    closing = true;
    KafkaClients.stop(thread, producer);
  }
}
