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
import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.model.MessageType;
import org.bgpsentry.codec.testing.Fixtures;
import org.bgpsentry.codec.testing.TestData;
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
    contexts = ctxs.toArray(new DecodeContext[0]);
    for (int i = 0; i < bodies.length; i++) {
      byte[] m = msgs.get(i);
      if (m[18] != MessageType.UPDATE.code()) {
        throw new IllegalStateException("not an UPDATE at " + i);
      }
      bodies[i] = Unpooled.directBuffer(m.length - 19).writeBytes(m, 19, m.length - 19);
    }
  }

  @TearDown(Level.Trial)
  public void release() {
    for (ByteBuf b : bodies) {
      b.release();
    }
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
