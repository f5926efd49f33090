package org.bgpsentry.codec.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's test data ({@code testdata/} at its root, provenance and licences in
 * {@code testdata/SOURCES.md}), found by walking up from the working directory. A missing file is
 * a broken checkout, so it fails the test rather than skipping it. The analytics and daemon tests
 * use it too, through this module's test-jar.
 */
public final class TestData {
  private TestData() {}

  /** The {@code testdata} directory. */
  public static Path dir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("testdata");
      if (Files.isRegularFile(candidate.resolve("SOURCES.md"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("testdata/SOURCES.md not found above " + Path.of("").toAbsolutePath());
  }

  /** {@code testdata/<relative>}, which must exist. */
  public static Path file(String relative) {
    Path f = dir().resolve(relative);
    if (!Files.exists(f)) {
      throw new IllegalStateException(f + " is missing (see testdata/SOURCES.md)");
    }
    return f;
  }
}
