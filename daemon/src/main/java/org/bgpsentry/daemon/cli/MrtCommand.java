package org.bgpsentry.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bgpsentry mrt}: offline MRT tools. */
@Command(
    name = "mrt",
    description = "MRT archive tools (RFC 6396).",
    mixinStandardHelpOptions = true,
    subcommands = {MrtDumpCommand.class})
final class MrtCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command (expected: dump)");
  }
}
