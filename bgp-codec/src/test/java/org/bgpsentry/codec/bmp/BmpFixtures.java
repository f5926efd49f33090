package org.bgpsentry.codec.bmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.codec.testing.Fixtures;
import org.bgpsentry.codec.wire.DecodeContext;

/**
 * BMP fixtures (docs/contributing.md R12): annotated hex dumps of a BMP byte stream under {@code
 * fixtures/bmp/}, split into messages by the common header's length field.
 */
final class BmpFixtures {
  private BmpFixtures() {}

  /** One message of a fixture: its bytes (common header included). */
  record Message(Path file, int index, byte[] bytes) {
    @Override
    public String toString() {
      return file.getFileName() + "#" + index;
    }
  }

  static List<Path> files() {
    return Fixtures.files("bmp");
  }

  static List<Message> read(Path file) {
    byte[] all = Fixtures.dumpBytes(file);
    List<Message> out = new ArrayList<>();
    int i = 0;
    while (i < all.length) {
      int len =
          ((all[i + 1] & 0xff) << 24)
              | ((all[i + 2] & 0xff) << 16)
              | ((all[i + 3] & 0xff) << 8)
              | (all[i + 4] & 0xff);
      if (all[i] != 3 || len < 6 || i + len > all.length) {
        throw new IllegalStateException(file + ": bad BMP message at offset " + i);
      }
      out.add(new Message(file, out.size(), Arrays.copyOfRange(all, i, i + len)));
      i += len;
    }
    return out;
  }

  static List<Message> all() {
    List<Message> out = new ArrayList<>();
    files().forEach(f -> out.addAll(read(f)));
    return out;
  }

  /**
   * Decodes a stream of messages as a station does: the Peer Up of each monitored peer sets the
   * context of its later Route Monitoring messages.
   */
  static final class Session {
    final Map<List<Object>, BmpPeerContext> peers = new HashMap<>();

    DecodeContext contextOf(PerPeerHeader h) {
      return peers.getOrDefault(key(h), BmpPeerContext.NONE).decodeContext(h);
    }

    static List<Object> key(PerPeerHeader h) {
      return List.of(h.peerType(), h.distinguisher(), h.address());
    }

    BmpMessage decode(byte[] bytes) {
      ByteBuf in = Unpooled.wrappedBuffer(bytes);
      try {
        BmpHeader header = BmpHeader.read(in);
        if (header == null || in.readableBytes() < header.bodyLength()) {
          throw new BmpDecodeException("truncated");
        }
        BmpMessage m = BmpCodec.decode(header.type(), in.readSlice(header.bodyLength()), this::contextOf);
        if (m instanceof BmpMessage.PeerUp up) {
          peers.put(key(up.peer()), BmpPeerContext.of(up));
        }
        return m;
      } finally {
        in.release();
      }
    }

    byte[] encode(BmpMessage m) {
      ByteBuf out = Unpooled.buffer();
      try {
        BmpCodec.encode(m, this::contextOf, out);
        byte[] b = new byte[out.readableBytes()];
        out.readBytes(b);
        return b;
      } finally {
        out.release();
      }
    }
  }
}
