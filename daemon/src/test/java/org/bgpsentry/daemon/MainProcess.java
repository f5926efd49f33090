package org.bgpsentry.daemon;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code bgpsentry ARGS} as a process of its own, on this test JVM's java and class path. */
public final class MainProcess {
  private MainProcess() {}

  /** Starts {@code bgpsentry args}; stdout and stderr are the process's own streams. */
  public static Process start(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).start();
  }
}
