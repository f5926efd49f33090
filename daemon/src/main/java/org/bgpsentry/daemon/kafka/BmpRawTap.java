package org.bgpsentry.daemon.kafka;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
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
import org.bgpsentry.daemon.metrics.BgpsentryMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code publish_bmp_raw} (docs/scaling.md): the route changes the sources hand to detection
 * also go to {@code <prefix>.bmp_raw} as BMP (RFC 7854) behind the {@link OpenBmpHeader}, with
 * the daemon in the router's place: Established becomes Peer Up (§4.10, OPENs synthesized from
 * what is known of the peer), each route change a Route Monitoring (§4.6) of the pre-policy
 * Adj-RIB-In, Down a Peer Down (§4.9, reason 2, no NOTIFICATION). Everything is passed on to the
 * wrapped sink unchanged; the sources' threads only queue (bounded: {@link #BACKLOG}, beyond it
 * messages are not published, logged).
 *
 * <p>Only route changes the sources hand on (those overlapping a registered prefix) are
 * published; routes outside the registry stay out of the topic.
 */
public final class BmpRawTap implements DaemonComponent, RouteSink {
  private static final Logger LOG = LoggerFactory.getLogger(BmpRawTap.class);
  static final int BACKLOG = 200_000;
  static final String ADMIN_ID = "bgpsentry";

  private final RouteSink inner;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(BACKLOG);
  private volatile boolean closing;
  private KafkaProducer<byte[], byte[]> producer;
  private String topic;
  private TopicGate gate;
  private IpAddress router;
  private long localAsn;
  private BgpsentryMetrics metrics;
  private Thread thread;
  private long dropped;

  public BmpRawTap(RouteSink inner) {
    this.inner = inner;
  }

  @Override
  public void start(DaemonContext ctx, BgpsentryConfig config, List<RegisteredPrefix> registry) {
    metrics = ctx.metrics();
    topic = KafkaTopics.of(config.kafka().topicPrefix()).bmpRaw();
    router = config.bgp() == null ? IpAddress.parse("0.0.0.0") : config.bgp().routerId();
    localAsn = config.bgp() == null ? 0 : config.bgp().localAsn();
    metrics.kafkaTopics(List.of(topic), List.of());
    producer = new KafkaClients(config.kafka()).producer("bmp-raw", true);
    gate = TopicGate.of(config.kafka());
    thread = Thread.ofPlatform().daemon().name("kafka-bmp-raw").start(this::run);
  }

  @Override
  public boolean relevant(Prefix prefix) {
    return inner.relevant(prefix);
  }

  @Override
  public void offer(RouteEvent event) {
    inner.offer(event);
    enqueue(event);
  }

  @Override
  public void offer(PeerEvent event) {
    inner.offer(event);
    enqueue(event);
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

  private void enqueue(Object o) {
    if (!queue.offer(o)) {
      synchronized (this) {
        if (dropped++ % 10_000 == 0) {
          LOG.error("{}: {} BMP messages wait for Kafka; not publishing more ({} so far)", topic, BACKLOG, dropped);
        }
      }
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
        BmpMessage m = message(o);
        if (m != null) {
          Instant at = o instanceof RouteEvent e ? e.at() : ((PeerEvent) o).at();
          producer.send(new ProducerRecord<>(topic, router.toString().getBytes(StandardCharsets.UTF_8), record(m, at)),
              (md, e) -> {
                if (e == null) {
                  metrics.kafkaRecordSent(topic);
                } else {
                  LOG.error("{}: cannot publish: {}", topic, e.toString());
                }
              });
        }
      } catch (RuntimeException e) {
        LOG.error("{}: cannot publish {}: {}", topic, o, e.toString());
      }
    }
  }

  /** One record: the OpenBMP header, then the BMP message. */
  byte[] record(BmpMessage m, Instant at) {
    ByteBuf bmp = Unpooled.buffer(256);
    ByteBuf out = Unpooled.buffer(384);
    try {
      BmpCodec.encode(m, p -> DecodeContext.FOUR_OCTET_AS, bmp);
      OpenBmpHeader.write(out, ADMIN_ID, router, at, bmp.readableBytes());
      out.writeBytes(bmp);
      byte[] b = new byte[out.readableBytes()];
      out.readBytes(b);
      return b;
    } finally {
      bmp.release();
      out.release();
    }
  }

  /** RFC 7854 §4.2 per-peer header: global instance, pre-policy, 4-octet AS_PATH. */
  private static PerPeerHeader peer(PeerId p, Instant at) {
    IpAddress id = p.address().ipv6() ? IpAddress.parse("0.0.0.0") : p.address();
    return new PerPeerHeader(PeerType.GLOBAL_INSTANCE, p.address().ipv6() ? PerPeerHeader.FLAG_V : 0, 0,
        p.address(), p.asn(), id, at.getEpochSecond(), at.getNano() / 1000);
  }

  BmpMessage message(Object o) {
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
