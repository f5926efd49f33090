package org.bgpsentry.daemon.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compression is told by magic bytes; truncated archives yield what they hold. */
class MrtFilesTest {
  @TempDir Path dir;

  private static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(42).nextBytes(b);
    return b;
  }

  private static byte[] gzip(byte[] b) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new GZIPOutputStream(out)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] bzip2(byte[] b, int blockSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream z = new BZip2CompressorOutputStream(out, blockSize)) {
      z.write(b);
    }
    return out.toByteArray();
  }

  private static byte[] readAll(Path file) throws IOException {
    try (MrtFiles.Truncation in = MrtFiles.open(file)) {
      byte[] b = in.readAllBytes();
      assertThat(in.error()).isNull();
      return b;
    }
  }

  @Test
  void rfc1952_concatenatedGzipMembersAreOneStream() throws IOException {
    byte[] a = data(70_000);
    byte[] b = data(1000);
    Path f = dir.resolve("updates.gz");
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.write(gzip(a));
    both.write(gzip(b));
    Files.write(f, both.toByteArray());
    byte[] expected = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, expected, a.length, b.length);
    assertThat(readAll(f)).isEqualTo(expected);
  }

  @Test
  void compressionIsToldByMagicBytesNotByName() throws IOException {
    byte[] a = data(5000);
    Path gzipNamedBz2 = dir.resolve("rib.bz2");
    Files.write(gzipNamedBz2, gzip(a));
    Path bzip2NamedPlain = dir.resolve("rib");
    Files.write(bzip2NamedPlain, bzip2(a, 1));
    Path plainNamedGz = dir.resolve("rib.gz");
    Files.write(plainNamedGz, a);
    assertThat(readAll(gzipNamedBz2)).isEqualTo(a);
    assertThat(readAll(bzip2NamedPlain)).isEqualTo(a);
    assertThat(readAll(plainNamedGz)).isEqualTo(a);
  }

  /** The pyasn "first MB" RIBs: every complete bzip2 block is delivered, then the error. */
  @Test
  void truncatedBzip2YieldsEveryCompleteBlockThenReportsTheError() throws IOException {
    byte[] a = data(300_000); // three 100k blocks
    byte[] z = bzip2(a, 1);
    Path f = dir.resolve("cut.bz2");
    Files.write(f, Arrays.copyOf(z, z.length * 5 / 6));
    try (MrtFiles.Truncation in = MrtFiles.open(f)) {
      byte[] got = in.readAllBytes();
      assertThat(in.error()).isNotNull();
      assertThat(got.length).isGreaterThanOrEqualTo(2 * 100_000 - 1000);
      assertThat(got).isEqualTo(Arrays.copyOf(a, got.length));
    }
  }

  @Test
  void truncatedGzipYieldsWhatItHolds() throws IOException {
    byte[] a = data(200_000);
    byte[] z = gzip(a);
    Path f = dir.resolve("cut.gz");
    Files.write(f, Arrays.copyOf(z, z.length / 2));
    try (MrtFiles.Truncation in = MrtFiles.open(f)) {
      byte[] got = in.readAllBytes();
      assertThat(in.error()).isNotNull();
      assertThat(got.length).isGreaterThan(90_000);
      assertThat(got).isEqualTo(Arrays.copyOf(a, got.length));
    }
  }
}
