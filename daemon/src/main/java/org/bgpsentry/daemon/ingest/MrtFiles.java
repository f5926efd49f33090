package org.bgpsentry.daemon.ingest;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Opens MRT archives as they are published: plain, gzip (concatenated members too) or bzip2, told
 * apart by their magic bytes (RFC 1952 §2.3.1 {@code 1f 8b}; bzip2 {@code BZh}), not by the file
 * name. Archives cut short (a partial download, the first megabyte of a dump) yield what they hold:
 * a decompression error ends the stream like the end of the file and is reported through {@link
 * Truncation#error()}, so the MRT reader counts the last, partial record instead of the whole file
 * failing (as bgpdump does).
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
      if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return new Truncation(new GZIPInputStream(raw, BUFFER), false);
      }
      if (magic.length == 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
        return new Truncation(new BZip2CompressorInputStream(raw, true), true);
      }
      return new Truncation(raw, false);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /**
   * A buffered stream that ends, instead of failing, when the decompressor reports corrupt or
   * missing data; {@link #error()} then tells what happened. The bzip2 decompressor fails inside a
   * bulk read and loses the bytes that call had already decoded (up to a whole block), so it is
   * read byte by byte: everything decoded before the failure is kept.
   */
  public static final class Truncation extends InputStream {
    private final InputStream in;
    private final boolean byteWise;
    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private IOException error;

    Truncation(InputStream in, boolean byteWise) {
      this.in = in;
      this.byteWise = byteWise;
    }

    /** The decompression error that ended the stream early, or null. */
    public IOException error() {
      return error;
    }

    @Override
    public int read() throws IOException {
      if (position == limit && !fill()) {
        return -1;
      }
      return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (position == limit && !fill()) {
        return -1;
      }
      int n = Math.min(len, limit - position);
      System.arraycopy(buffer, position, b, off, n);
      position += n;
      return n;
    }

    /** Refills the buffer; false at the end of the data (or at a decompression error). */
    private boolean fill() throws IOException {
      position = 0;
      limit = 0;
      if (error != null) {
        return false;
      }
      try {
        if (byteWise) {
          while (limit < buffer.length) {
            int c = in.read();
            if (c < 0) {
              break;
            }
            buffer[limit++] = (byte) c;
          }
        } else {
          int n = in.read(buffer, 0, buffer.length);
          limit = Math.max(n, 0);
        }
      } catch (IOException e) {
        error = e;
      }
      return limit > 0;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
