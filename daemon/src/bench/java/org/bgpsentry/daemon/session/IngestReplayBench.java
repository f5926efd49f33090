package org.bgpsentry.daemon.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import org.bgpsentry.analytics.rib.AttributeInterner;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.Notification;
import org.bgpsentry.codec.error.NotificationError;
import org.bgpsentry.codec.model.OpaqueBytes;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Afi;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * The full-table yardstick's UPDATE stream (the {@code blaster.py --cache} file of the bench
 * harness, docs/performance.md) through one session's receive path on one thread, without sockets: frame
 * decoder, session, Adj-RIB-In. Each round takes the whole table into a fresh session (64 KiB
 * reads, as from a socket) and prints its wall and thread CPU time; the CPU time of this thread
 * excludes the JIT compiler and GC threads, which makes it steadier than a process's CPU on a
 * busy machine. Not a test: run with {@code java -cp <daemon test classpath>
 * org.bgpsentry.daemon.session.IngestReplayBench STREAM_CACHE [ROUNDS [watch-all]]}: by default no
 * prefix is watched (the daemon with an empty registry: no route events), with {@code watch-all}
 * every change becomes a route event with its decoded attributes.
 */
public final class IngestReplayBench {
  private IngestReplayBench() {}

  public static void main(String[] args) throws IOException {
    byte[] stream = stream(Path.of(args[0]));
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    AttributeInterner interner = new AttributeInterner();
    boolean watchAll = args.length > 2 && args[2].equals("watch-all");
    // As the daemon with an empty registry (no route events), or with every route watched.
    SessionListener listener =
        new SessionListener() {
          @Override
          public boolean wantsRoute(org.bgpsentry.codec.model.nlri.Prefix prefix) {
            return watchAll;
          }
        };
    long[] cpu = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      EmbeddedChannel ch = new EmbeddedChannel();
      PeerSession session =
          new PeerSession(
              SpeakerSettings.of(
                  List.of(new java.net.InetSocketAddress("127.0.0.1", 179)),
                  65000,
                  IpAddress.parse("127.0.0.1")),
              PeerSettings.passive("feed", InetAddress.getByName("127.0.0.2"), 65001),
              ch.eventLoop(),
              interner,
              listener,
              s -> {},
              Clock.systemUTC());
      ch.pipeline().addLast(new BgpFrameDecoder(), new BgpSessionHandler(session));
      session.start();
      ch.pipeline().fireChannelActive();
      ch.writeInbound(
          encode(
              Open.of(
                  65001,
                  90,
                  IpAddress.parse("127.0.0.2"),
                  List.of(
                      new Capability.FourOctetAs(65001),
                      new Capability.Multiprotocol(Family.IPV4_UNICAST),
                      new Capability.Multiprotocol(Family.IPV6_UNICAST)))),
          encode(Keepalive.INSTANCE));
      drain(ch);
      if (session.state() != SessionState.ESTABLISHED) {
        throw new IllegalStateException("not Established: " + session.state());
      }
      long wall = System.nanoTime();
      long start = threads.getCurrentThreadCpuTime();
      for (int at = 0; at < stream.length; at += 65536) {
        ch.writeInbound(Unpooled.wrappedBuffer(stream, at, Math.min(65536, stream.length - at)));
      }
      cpu[r] = threads.getCurrentThreadCpuTime() - start;
      wall = System.nanoTime() - wall;
      int routes = session.rib().size(Afi.IPV4) + session.rib().size(Afi.IPV6);
      System.out.printf(
          "round %d: %d routes, %.3f s wall, %.3f s thread CPU%n", r, routes, wall / 1e9, cpu[r] / 1e9);
      ch.writeInbound(encode(Notification.of(NotificationError.CEASE, OpaqueBytes.EMPTY)));
      drain(ch);
      ch.finishAndReleaseAll();
    }
    long[] sorted = cpu.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "thread CPU: min %.3f s, median %.3f s over %d rounds%n",
        sorted[0] / 1e9, sorted[rounds / 2] / 1e9, rounds);
  }

  /** The UPDATEs of the cache: a 4-octet header length, the JSON header, the IPv4 then IPv6 bytes. */
  private static byte[] stream(Path cache) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(cache))) {
      int headerLength = in.readInt();
      in.skipNBytes(headerLength);
      return in.readAllBytes();
    }
  }

  private static ByteBuf encode(Object m) {
    ByteBuf b = Unpooled.buffer();
    BgpMessageCodec.encode((org.bgpsentry.codec.model.BgpMessage) m, DecodeContext.DEFAULT, b);
    return b;
  }

  private static void drain(EmbeddedChannel ch) {
    for (Object o; (o = ch.readOutbound()) != null; ) {
      io.netty.util.ReferenceCountUtil.release(o);
    }
  }
}
