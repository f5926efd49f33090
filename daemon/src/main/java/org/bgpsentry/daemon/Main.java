package org.bgpsentry.daemon;

import org.bgpsentry.daemon.cli.BgpsentryCommand;

/** Entry point of {@code bin/bgpsentry}: hands the arguments to picocli. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(BgpsentryCommand.execute(args));
  }
}
