package org.bgpsentry.daemon.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.bgpsentry.codec.testing.TestData;

/**
 * The MRT dumps BIRD 2 and GoBGP wrote for the tests ({@code testdata/mrt/daemons}, made by its
 * {@code make-dumps.sh}; provenance in its README). Part of the repository: missing data is a
 * failure, never a skip.
 */
public final class DaemonDumps {
  private DaemonDumps() {}

  /** {@code testdata/mrt/daemons}. */
  public static Path dir() {
    return TestData.file("mrt/daemons");
  }

  /** Every {@code .mrt} file of {@link #dir()}, sorted. */
  public static List<Path> files() {
    try (Stream<Path> list = Files.list(dir())) {
      return list.filter(f -> f.getFileName().toString().endsWith(".mrt")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One dump by file name. */
  public static Path file(String name) {
    Path f = dir().resolve(name);
    if (!Files.isRegularFile(f)) {
      throw new IllegalStateException(f + " is missing (see testdata/mrt/daemons/README.md)");
    }
    return f;
  }
}
