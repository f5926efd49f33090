package org.bgpsentry.daemon;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.attr.AsPathSegment;
import org.bgpsentry.codec.model.attr.OriginType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.model.attr.PathAttributes;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Nlri;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * A minimal active BGP speaker for tests (RFC 4271 §8: OPEN, KEEPALIVE, then UPDATEs) on a
 * blocking socket from its own loopback address, IPv4 unicast with 4-octet ASNs. A reader thread
 * answers the daemon's OPEN with a KEEPALIVE, notes the first KEEPALIVE (Established) and keeps
 * every NOTIFICATION it receives; KEEPALIVEs go out every 30 s (hold time 90 s).
 */
final class ScriptedPeer implements AutoCloseable {
  private static final DecodeContext CONTEXT = DecodeContext.FOUR_OCTET_AS;
  private static final int NOTIFICATION = 3;
  private static final int KEEPALIVE = 4;

  private final Socket socket = new Socket();
  private final OutputStream out;
  private final CountDownLatch established = new CountDownLatch(1);
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<byte[]> notifications = new CopyOnWriteArrayList<>();
  private final Thread reader;
  private final ScheduledExecutorService keepalives =
      Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("keepalive").unstarted(r));

  /** Connects from {@code local} (a loopback address) to the daemon and sends OPEN. */
  ScriptedPeer(String local, String remote, int port, long asn) throws IOException {
    socket.setTcpNoDelay(true);
    socket.bind(new InetSocketAddress(InetAddress.getByName(local), 0));
    socket.connect(new InetSocketAddress(remote, port), 5_000);
    out = socket.getOutputStream();
    send(Open.of(asn, 90, IpAddress.parse(local),
        List.of(new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(asn))));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    reader = Thread.ofPlatform().daemon().name("scripted-peer-" + local).start(() -> read(in));
    keepalives.scheduleAtFixedRate(() -> {
      try {
        send(new Keepalive());
      } catch (IOException e) {
        // closed
      }
    }, 30, 30, TimeUnit.SECONDS);
  }

  private void read(DataInputStream in) {
    try {
      byte[] header = new byte[19];
      while (true) {
        in.readFully(header);
        byte[] body = new byte[(ByteBuffer.wrap(header, 16, 2).getShort() & 0xffff) - 19];
        in.readFully(body);
        switch (header[18]) {
          case 1 -> send(new Keepalive()); // the daemon's OPEN
          case KEEPALIVE -> established.countDown();
          case NOTIFICATION -> notifications.add(body);
          default -> {}
        }
      }
    } catch (IOException e) {
      closed.countDown();
    }
  }

  boolean established() {
    return established.getCount() == 0;
  }

  /** True once the daemon closed the connection. */
  boolean closedByDaemon() {
    return closed.getCount() == 0;
  }

  /** NOTIFICATION bodies received: error code, subcode, data (RFC 4271 §4.5). */
  List<byte[]> notifications() {
    return notifications;
  }

  /** Writes one message (returns once the kernel took the bytes). */
  synchronized void send(BgpMessage m) throws IOException {
    ByteBuf buf = Unpooled.buffer();
    BgpMessageCodec.encode(m, CONTEXT, buf);
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    buf.release();
    out.write(bytes);
    out.flush();
  }

  /** Writes {@code messages} in one go (one burst for the daemon to read). */
  synchronized void sendAll(List<? extends BgpMessage> messages) throws IOException {
    ByteBuf buf = Unpooled.buffer();
    for (BgpMessage m : messages) {
      BgpMessageCodec.encode(m, CONTEXT, buf);
    }
    byte[] bytes = new byte[buf.readableBytes()];
    buf.readBytes(bytes);
    buf.release();
    out.write(bytes);
    out.flush();
  }

  /** The UPDATE announcing {@code prefix} with AS_PATH {@code path} and NEXT_HOP {@code nextHop}. */
  static Update announcement(Prefix prefix, String nextHop, long... path) {
    PathAttributes attrs = PathAttributes.of(new PathAttribute.Origin(OriginType.IGP),
        new PathAttribute.AsPath(List.of(AsPathSegment.sequence(path))),
        new PathAttribute.NextHop(IpAddress.parse(nextHop)));
    return new Update(List.of(), attrs, List.of(Nlri.of(prefix)));
  }

  /** Announces {@code prefix} with AS_PATH {@code path} (one AS_SEQUENCE) and NEXT_HOP {@code nextHop}. */
  void announce(Prefix prefix, String nextHop, long... path) throws IOException {
    send(announcement(prefix, nextHop, path));
  }

  void withdraw(Prefix prefix) throws IOException {
    send(new Update(List.of(Nlri.of(prefix)), PathAttributes.EMPTY, List.of()));
  }

  @Override
  public void close() throws IOException {
    keepalives.shutdownNow();
    socket.close();
    reader.interrupt();
  }
}
