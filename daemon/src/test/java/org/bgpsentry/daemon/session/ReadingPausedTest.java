package org.bgpsentry.daemon.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import org.bgpsentry.codec.model.Keepalive;
import org.bgpsentry.codec.model.Open;
import org.bgpsentry.codec.model.cap.Capability;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.wire.BgpMessageCodec;
import org.bgpsentry.codec.wire.DecodeContext;
import org.junit.jupiter.api.Test;

/**
 * Backpressure from analytics ({@link PeerConnections#setReading}) holds for connections accepted
 * while it is on, not only for the sessions that were up when it began: a peer that connects
 * during a backlog gets our OPEN, but its messages are not read until reading resumes.
 */
class ReadingPausedTest {
  static final String LOCAL = "127.0.0.61";
  static final String PEER = "127.0.0.62";
  private static final int OPEN = 1;
  private static final int KEEPALIVE = 4;

  @Test
  void aConnectionAcceptedWhileReadingIsPausedStartsPaused() throws Exception {
    PeerSettings peer = PeerSettings.passive("edge", InetAddress.getByName(PEER), 64500);
    try (PeerConnections speaker = Loopback.speaker(LOCAL, peer, new RecordingListener());
        Socket s = new Socket()) {
      speaker.setReading(false);
      s.bind(new InetSocketAddress(PEER, 0));
      s.connect(new InetSocketAddress(LOCAL, Loopback.port(speaker)), 5_000);
      s.setSoTimeout(30_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      assertThat(readType(in)).as("our OPEN: the connection was accepted").isEqualTo(OPEN);

      ByteBuf out = Unpooled.buffer();
      BgpMessageCodec.encode(
          Open.of(64500, 90, IpAddress.parse(PEER),
              List.of(new Capability.Multiprotocol(Family.IPV4_UNICAST), new Capability.FourOctetAs(64500))),
          DecodeContext.FOUR_OCTET_AS, out);
      BgpMessageCodec.encode(Keepalive.INSTANCE, DecodeContext.FOUR_OCTET_AS, out);
      s.getOutputStream().write(ByteBufUtil.getBytes(out));
      out.release();

      // Reading, the speaker answers the OPEN with a KEEPALIVE within milliseconds; paused, it
      // has not read the OPEN, so nothing comes (2 s: the one bounded wait for an absence).
      s.setSoTimeout(2_000);
      assertThatThrownBy(() -> readType(in)).isInstanceOf(SocketTimeoutException.class);

      speaker.setReading(true);
      s.setSoTimeout(30_000);
      assertThat(readType(in)).as("the KEEPALIVE once reading resumed").isEqualTo(KEEPALIVE);
    }
  }

  /** Reads one message, returns its type (RFC 4271 §4.1 header: marker, length, type). */
  private static int readType(DataInputStream in) throws IOException {
    byte[] header = new byte[19];
    in.readFully(header);
    int length = (header[16] & 0xff) << 8 | (header[17] & 0xff);
    in.readFully(new byte[length - 19]);
    return header[18] & 0xff;
  }
}
