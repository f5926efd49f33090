package org.bgpsentry.codec.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.bgpsentry.codec.error.ErrorAction;
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.model.attr.PathAttribute;
import org.bgpsentry.codec.testing.Fixtures;
import org.bgpsentry.codec.testing.TestData;
import org.bgpsentry.codec.wire.attr.StoredAttributes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * UPDATE body decoding (RFC 4271 §4.3 with RFC 7606 checks), one message per operation, so ops/s
 * is messages/s and {@code -prof gc}'s gc.alloc.rate.norm is bytes allocated per message.
 *
 * <ul>
 *   <li>{@code fulltable}: the first 20,000 UPDATEs of a full IPv4 table sent over one iBGP
 *       session in 2015 (testdata/mrt/bgpdump/updates.et-header.2015.gz, BGP4MP_ET
 *       MESSAGE_AS4 records, 4-octet AS).
 *   <li>{@code captures}: every UPDATE of the golden fixtures (real router captures, mixed
 *       families and attributes).
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class UpdateDecodeBenchmark {
  @Param({"fulltable", "captures"})
  public String corpus;

  private ByteBuf[] bodies;

  /** The same bodies on the heap (the session's frame decoder copies each UPDATE there). */
  private ByteBuf[] heapBodies;
  private DecodeContext[] contexts;
  private int next;

  @Setup(Level.Trial)
  public void load() throws IOException {
    List<byte[]> msgs = new ArrayList<>();
    List<DecodeContext> ctxs = new ArrayList<>();
    if (corpus.equals("fulltable")) {
      readBgp4mpEt(TestData.file("mrt/bgpdump/updates.et-header.2015.gz"), 20_000, msgs);
      msgs.forEach(m -> ctxs.add(DecodeContext.FOUR_OCTET_AS));
    } else {
      for (Fixtures.Message m : Fixtures.messages("update")) {
        msgs.add(m.bytes());
        ctxs.add(m.context());
      }
    }
    bodies = new ByteBuf[msgs.size()];
    heapBodies = new ByteBuf[msgs.size()];
    contexts = ctxs.toArray(new DecodeContext[0]);
    for (int i = 0; i < bodies.length; i++) {
      byte[] m = msgs.get(i);
      if (m[18] != MessageType.UPDATE.code()) {
        throw new IllegalStateException("not an UPDATE at " + i);
      }
      bodies[i] = Unpooled.directBuffer(m.length - 19).writeBytes(m, 19, m.length - 19);
      heapBodies[i] = Unpooled.wrappedBuffer(java.util.Arrays.copyOfRange(m, 19, m.length));
    }
  }

  @TearDown(Level.Trial)
  public void release() {
    for (ByteBuf b : bodies) {
      b.release();
    }
  }

  /**
   * The Adj-RIB-In's path before the single walk: decode, then walk the attribute headers again to
   * cut the per-route stored sets ({@link StoredAttributes#fromWire}), from a heap copy of the body
   * as the session's frame decoder makes it.
   */
  @Benchmark
  public Object decodeThenCutSets() {
    int i = next;
    next = i + 1 == bodies.length ? 0 : i + 1;
    ByteBuf body = heapBodies[i].duplicate();
    DecodeContext ctx = contexts[i];
    UpdateResult r = BgpMessageCodec.decodeUpdate(body, ctx);
    if (r.action() != ErrorAction.NONE) {
      return r;
    }
    int lengthAt = 2 + body.getUnsignedShort(0);
    int attrLen = body.getUnsignedShort(lengthAt);
    PathAttribute.MpReachNlri mp = r.update().attributes().find(PathAttribute.MpReachNlri.class);
    byte[] nlri =
        r.update().announced().isEmpty()
            ? null
            : StoredAttributes.fromWire(body, lengthAt + 2, attrLen, ctx.fourOctetAs(), null);
    byte[] mpSet =
        mp == null || mp.nlri().isEmpty()
            ? null
            : StoredAttributes.fromWire(body, lengthAt + 2, attrLen, ctx.fourOctetAs(), mp.family());
    return new RibUpdate(r, nlri, mpSet);
  }

  /** The Adj-RIB-In's path now: one walk decodes and cuts the sets ({@link UpdateCodec#decodeForRib}). */
  @Benchmark
  public RibUpdate decodeForRib() {
    int i = next;
    next = i + 1 == bodies.length ? 0 : i + 1;
    return UpdateCodec.decodeForRib(heapBodies[i].duplicate(), contexts[i]);
  }

  @Benchmark
  public UpdateResult decodeUpdate() {
    int i = next;
    next = i + 1 == bodies.length ? 0 : i + 1;
    ByteBuf body = bodies[i];
    return BgpMessageCodec.decodeUpdate(body.duplicate(), contexts[i]);
  }

  /** The BGP messages of BGP4MP_ET MESSAGE_AS4 records (RFC 6396 §4.4.3, §3 ET header). */
  static void readBgp4mpEt(Path file, int max, List<byte[]> out) throws IOException {
    try (InputStream gz = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(gz, 1 << 16))) {
      while (out.size() < max) {
        byte[] header = new byte[12];
        try {
          in.readFully(header);
        } catch (EOFException end) {
          return;
        }
        int type = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
        int subtype = ((header[6] & 0xff) << 8) | (header[7] & 0xff);
        int length = java.nio.ByteBuffer.wrap(header, 8, 4).getInt();
        byte[] body = new byte[length];
        in.readFully(body);
        if (type != 17 || subtype != 4) {
          continue;
        }
        // microseconds (4), peer AS (4), local AS (4), interface (2), AFI (2), two addresses
        int afi = ((body[14] & 0xff) << 8) | (body[15] & 0xff);
        int at = 16 + (afi == 2 ? 32 : 8);
        if (body[at + 18] == MessageType.UPDATE.code()) {
          out.add(java.util.Arrays.copyOfRange(body, at, length));
        }
      }
    }
  }
}
