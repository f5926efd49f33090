package org.bgpsentry.codec.mrt;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/data} by walking up from the working directory (COMMON.md). */
final class SharedData {
  private SharedData() {}

  /** {@code shared/data/mrt/<name>}, or null when the shared data is not there. */
  static Path mrt(String name) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared/data/mrt").resolve(name);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
