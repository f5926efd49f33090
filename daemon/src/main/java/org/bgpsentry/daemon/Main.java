package org.bgpsentry.daemon;

import org.bgpsentry.daemon.cli.BgpsentryCommand;

/**
 * Entry point of {@code bin/bgpsentry}: hands the arguments to picocli. Only the daemon ({@code
 * run}, {@code demo}) logs to stdout, where journald reads it; every other command keeps stdout
 * for its output ({@code replay}'s JSON lines, {@code mrt dump}'s bgpdump lines) and logs to
 * stderr.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean daemon = args.length > 0 && (args[0].equals("run") || args[0].equals("demo"));
    if (!daemon) {
      System.setProperty("bgpsentry.log.target", "System.err");
    }
    System.exit(BgpsentryCommand.execute(args));
  }
}
