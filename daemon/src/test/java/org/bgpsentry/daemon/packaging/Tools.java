package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the packaging tests check against (systemd-analyze, dpkg-deb...). */
final class Tools {
  private Tools() {}

  record Result(int exit, String output) {}

  /** The checkout root: the first directory above the working directory holding {@code marker}. */
  static Path root(String marker) {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve(marker))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(marker + " not found above " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  static boolean onPath(String cmd) {
    for (String dir : System.getenv("PATH").split(":")) {
      if (Files.isExecutable(Path.of(dir, cmd))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code cmd} to completion (at most 5 minutes), stdout and stderr merged. */
  static Result run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
    byte[] bytes = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as(String.join(" ", cmd)).isTrue();
    return new Result(p.exitValue(), new String(bytes, StandardCharsets.UTF_8));
  }
}
