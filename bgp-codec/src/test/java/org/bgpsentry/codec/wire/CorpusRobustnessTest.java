package org.bgpsentry.codec.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.bgpsentry.codec.error.BgpNotificationException;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.BgpMessage;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.testing.Fixtures;
import org.bgpsentry.codec.testing.TestData;
import org.bgpsentry.codec.testing.Fixtures.Message;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The malformed captures (tcpdump's fuzzer-found inputs, fixtures/malformed) and ExaBGP's
 * generated vectors (testdata/exabgp-hex) decode to a result or the
 * NOTIFICATION exception, never anything else; ExaBGP's messages that decode cleanly re-encode
 * byte-exact.
 */
class CorpusRobustnessTest {
  /** Decodes one whole message; returns the message or null when a NOTIFICATION was thrown. */
  static BgpMessage decodeAny(byte[] wire, DecodeContext ctx) {
    ByteBuf in = Unpooled.wrappedBuffer(wire);
    try {
      MessageHeader h = MessageHeader.read(in, true);
      if (h == null || in.readableBytes() < h.bodyLength()) {
        return null;
      }
      ByteBuf body = in.readSlice(h.bodyLength());
      if (h.type() == MessageType.UPDATE) {
        UpdateResult r = BgpMessageCodec.decodeUpdate(body, ctx);
        assertThat(r.action()).isNotEqualTo(ErrorAction.SESSION_RESET);
        return r.issues().isEmpty() ? r.update() : null;
      }
      return BgpMessageCodec.decode(h.type(), body, ctx);
    } catch (BgpNotificationException e) {
      return null;
    } finally {
      in.release();
    }
  }

  @TestFactory
  Stream<DynamicTest> malformedCapturesYieldAResultOrANotification() {
    List<Message> all = Fixtures.messages("malformed");
    assertThat(all).isNotEmpty();
    return all.stream()
        .flatMap(
            m ->
                Stream.of(DecodeContext.DEFAULT, DecodeContext.FOUR_OCTET_AS.withAddPath(Family.IPV4_UNICAST))
                    .map(ctx -> DynamicTest.dynamicTest(m + " " + ctx, () -> decodeAny(m.bytes(), ctx))));
  }

  @Test
  void exabgpVectorsDecodeAndCleanOnesRoundTrip() throws IOException {
    Path dir = TestData.file("exabgp-hex");
    List<String> raw = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          String hex = line.contains(":raw:") ? line.substring(line.indexOf(":raw:") + 5) : line;
          hex = hex.replace(":", "").trim();
          if (hex.matches("(?i)F{32}[0-9A-F]+")) {
            raw.add(f.getFileName() + " " + hex);
          }
        }
      }
    }
    assertThat(raw).hasSizeGreaterThan(100);
    int clean = 0;
    for (String entry : raw) {
      String name = entry.substring(0, entry.indexOf(' '));
      byte[] wire = HexFormat.of().parseHex(entry.substring(entry.indexOf(' ') + 1));
      boolean addPath = name.contains("addpath") || name.contains("path-information");
      DecodeContext ctx =
          new DecodeContext(
              !name.contains("no-asn4"),
              addPath ? Set.of(Family.IPV4_UNICAST, Family.IPV6_UNICAST) : Set.of(),
              true);
      BgpMessage m = decodeAny(wire, ctx);
      if (m == null) {
        continue;
      }
      clean++;
      ByteBuf out = Unpooled.buffer();
      try {
        BgpMessageCodec.encode(m, ctx, out);
        byte[] got = new byte[out.readableBytes()];
        out.readBytes(got);
        assertThat(HexFormat.of().formatHex(got)).as(name).isEqualToIgnoringCase(HexFormat.of().formatHex(wire));
      } finally {
        out.release();
      }
    }
    assertThat(clean).as("cleanly decoded ExaBGP vectors").isGreaterThan(raw.size() / 2);
  }
}
