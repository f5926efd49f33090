package org.bgpsentry.daemon.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Opens MRT archives as they are published: plain, gzip (concatenated members too) or bzip2,
 * told apart by their magic bytes (RFC 1952 §2.3.1 {@code 1f 8b}; bzip2 {@code BZh}), not by the
 * file name. Archives cut short (a partial download, the first megabyte of a dump) yield what
 * they hold: a decompression error ends the stream like the end of the file and is reported
 * through {@link Truncation#error()}, so the MRT reader counts the last, partial record instead
 * of the whole file failing (as bgpdump does).
 */
public final class MrtFiles {
  private static final int BUFFER = 1 << 16;

  private MrtFiles() {}

  /** Opens {@code file}, decompressing when its first bytes say so. */
  public static Truncation open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    try {
      raw.mark(3);
      byte[] magic = raw.readNBytes(3);
      raw.reset();
      InputStream decoded;
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        decoded = new BufferedInputStream(new GZIPInputStream(raw, BUFFER), BUFFER);
      } else if (magic.length == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
        decoded = new BufferedInputStream(new BZip2CompressorInputStream(raw, true), BUFFER);
      } else {
        decoded = raw;
      }
      return new Truncation(decoded);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * A stream that ends, instead of failing, when the decompressor reports corrupt or missing
   * data; {@link #error()} then tells what happened.
   */
  public static final class Truncation extends InputStream {
    private final InputStream in;
    private IOException error;

    Truncation(InputStream in) {
      this.in = in;
    }

    /** The decompression error that ended the stream early, or null. */
    public IOException error() {
      return error;
    }

    @Override
    public int read() throws IOException {
      if (error != null) {
        return -1;
      }
      try {
        return in.read();
      } catch (IOException e) {
        error = e;
        return -1;
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (error != null) {
        return -1;
      }
      try {
        return in.read(b, off, len);
      } catch (IOException e) {
        error = e;
        return -1;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
