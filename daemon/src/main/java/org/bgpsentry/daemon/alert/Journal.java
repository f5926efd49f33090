package org.bgpsentry.daemon.alert;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;
import org.bgpsentry.daemon.config.RegistryFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only file of checksummed records. {@link #append} forces each record to disk before
 * it returns; {@link #write} only hands it to the operating system, and one later {@link #force}
 * makes every record written before it durable (group commit: {@link AlertDispatcher}). A
 * {@code kill -9} loses nothing that was written; a power loss may keep any part of what was
 * written after the last force, which replay cuts at the first torn record. Layout of a record:
 *
 * <pre>
 * +--------------------+--------------------+---------+-----------------+
 * | length (u32, BE)   | CRC-32C (u32, BE)  | kind u8 | body (length-1) |
 * +--------------------+--------------------+---------+-----------------+
 * </pre>
 *
 * The CRC covers kind and body. On open, records are replayed until the first short or
 * mismatching one (a write torn by a crash or power loss); the file is truncated there, so only
 * whole records ever count. {@link #rewrite} compacts via a temporary file and an atomic rename.
 */
final class Journal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
  private static final int HEADER = 8;
  static final int MAX_RECORD = 16 << 20;

  /** One record: its kind and body. */
  record Entry(byte kind, byte[] body) {}

  private final Path file;
  private FileChannel channel;
  /** Bytes of the file known durable: what was written before the last completed force. */
  private volatile long forced;
  private long forces;

  private Journal(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /** Opens (creating) {@code file}, handing every whole record to {@code replay} in order. */
  static Journal open(Path file, Consumer<Entry> replay) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    FileChannel ch =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    long size = ch.size();
    long pos = 0;
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    while (pos + HEADER <= size) {
      header.clear();
      readFully(ch, header, pos);
      int length = header.getInt(0);
      int crc = header.getInt(4);
      if (length < 1 || length > MAX_RECORD || pos + HEADER + length > size) {
        break;
      }
      ByteBuffer payload = ByteBuffer.allocate(length);
      readFully(ch, payload, pos + HEADER);
      CRC32C c = new CRC32C();
      c.update(payload.array());
      if ((int) c.getValue() != crc) {
        break;
      }
      replay.accept(new Entry(payload.get(0), java.util.Arrays.copyOfRange(payload.array(), 1, length)));
      pos += HEADER + length;
    }
    if (pos != size) {
      LOG.warn("{}: dropping {} bytes of a torn record at offset {} (written during a crash)", file, size - pos, pos);
      ch.truncate(pos);
      ch.force(true);
    }
    ch.position(pos);
    Journal j = new Journal(file, ch);
    j.forced = pos;
    return j;
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf, pos + buf.position()) < 0) {
        throw new IOException("unexpected end of " + ch);
      }
    }
  }

  private static ByteBuffer encode(byte kind, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(HEADER + 1 + body.length);
    b.putInt(1 + body.length);
    b.putInt(0);
    b.put(kind).put(body);
    CRC32C c = new CRC32C();
    c.update(b.array(), HEADER, 1 + body.length);
    b.putInt(4, (int) c.getValue());
    return b.flip();
  }

  /** Appends one record and forces it (data and length) to disk before returning. */
  synchronized void append(byte kind, byte[] body) throws IOException {
    write(kind, body);
    force();
  }

  /** Appends one record without forcing it: durable only after the next {@link #force}. */
  synchronized void write(byte kind, byte[] body) throws IOException {
    if (1 + body.length > MAX_RECORD) {
      throw new IOException("journal record of " + body.length + " bytes (expected: at most " + MAX_RECORD + ")");
    }
    ByteBuffer b = encode(kind, body);
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /**
   * Forces (data and length) every record written so far to disk. Writers are not held up while
   * the disk works: only the position is read under the lock.
   */
  void force() throws IOException {
    FileChannel ch;
    long upTo;
    synchronized (this) {
      ch = channel;
      upTo = ch.position();
    }
    try {
      ch.force(false);
    } catch (java.nio.channels.ClosedChannelException e) {
      synchronized (this) {
        if (ch == channel) {
          throw e;
        }
      } // rewritten meanwhile: the rewrite forced everything
    }
    synchronized (this) {
      forces++;
      if (ch == channel) {
        forced = Math.max(forced, upTo);
      }
    }
  }

  /** How many times {@link #force} ran (a rewrite's own force not counted). */
  synchronized long forces() {
    return forces;
  }

  /** Length of the prefix of the file known to be on disk (read without waiting for a force). */
  long forced() {
    return forced;
  }

  synchronized long size() throws IOException {
    return channel.size();
  }

  /** Replaces the journal's contents with {@code entries}, atomically. */
  synchronized void rewrite(List<Entry> entries) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".compact");
    try (FileChannel out =
        FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      for (Entry e : entries) {
        ByteBuffer b = encode(e.kind(), e.body());
        while (b.hasRemaining()) {
          out.write(b);
        }
      }
      out.force(true);
    }
    channel.close();
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    RegistryFile.fsyncDirectory(file.toAbsolutePath().getParent());
    channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    channel.position(channel.size());
    forced = channel.size();
  }

  @Override
  public synchronized void close() throws IOException {
    channel.close();
  }
}
