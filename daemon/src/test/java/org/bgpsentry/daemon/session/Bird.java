package org.bgpsentry.daemon.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * BIRD 2 started by a test in the foreground with {@code bird.conf}, its control socket and PID
 * file in the test's directory. Its config should give {@code local ... port} a {@link
 * Loopback#freePort}: without it BIRD listens on port 179, which another suite may hold.
 */
public final class Bird {
  private Bird() {}

  /** Writes {@code config} to {@code dir/bird.conf} and starts BIRD; skips when not installed. */
  public static ExternalDaemon start(Path dir, String config) throws IOException {
    String bird = ExternalDaemon.require("bird", "bird2");
    return ExternalDaemon.start(
        "bird",
        dir,
        "bird.conf",
        config,
        List.of(
            bird,
            "-c",
            "bird.conf",
            "-s",
            dir.resolve("bird.ctl").toString(),
            "-P",
            dir.resolve("bird.pid").toString(),
            "-f"));
  }

  /** Runs {@code birdc} against the BIRD of {@code dir}, returning its output. */
  public static String birdc(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(List.of("birdc", "-s", dir.resolve("bird.ctl").toString()));
    cmd.addAll(List.of(args));
    return ExternalDaemon.run(cmd);
  }
}
