package org.bgpsentry.analytics.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds {@code shared/data} by walking up from the working directory (COMMON.md). */
public final class SharedData {
  private SharedData() {}

  /** The file under shared/data, or the test is skipped with a message when the data is absent. */
  public static Path file(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/data").resolve(relative);
      if (Files.exists(candidate)) {
        return candidate;
      }
      Path sibling = dir.resolveSibling("shared").resolve("data").resolve(relative);
      if (Files.exists(sibling)) {
        return sibling;
      }
    }
    Assumptions.abort("test data shared/data/" + relative + " not found above " + Path.of("").toAbsolutePath());
    return null;
  }
}
