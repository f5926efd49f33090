package org.bgpsentry.daemon.probe;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.bgpsentry.analytics.latency.LatencyMonitor;

/**
 * The latency rings in {@code state_dir/latency.bin}: written whole to a temporary file, forced to
 * disk, then atomically renamed over the old one, so a crash leaves the old or the new file, never
 * a torn one.
 */
public final class LatencyStore {
  public static final String FILE_NAME = "latency.bin";

  private final Path file;

  public LatencyStore(Path stateDir) {
    this.file = stateDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /** Loads the file into {@code monitor}; false when there is none yet. */
  public boolean load(LatencyMonitor monitor) throws IOException {
    if (!Files.exists(file)) {
      return false;
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      monitor.readFrom(new DataInputStream(in));
    }
    return true;
  }

  /** Writes {@code monitor}'s state atomically. */
  public void save(LatencyMonitor monitor) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
    try (FileChannel ch =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
      DataOutputStream data = new DataOutputStream(out);
      monitor.writeTo(data);
      data.flush();
      ch.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
