package org.bgpsentry.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Top-level {@code bgpsentry} command. Exit codes (docs/cli.md): 0 success, 2 bad usage or
 * invalid config, 1 runtime failure.
 */
@Command(
    name = "bgpsentry",
    mixinStandardHelpOptions = true,
    // every subcommand gets --help and -V (docs/cli.md)
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = VersionCommand.Provider.class,
    description = "BGP route-monitoring daemon.",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:success", "1:runtime failure", "2:bad usage, or an invalid config or registry"},
    subcommands = {
      RunCommand.class,
      CheckConfigCommand.class,
      DemoCommand.class,
      GenerateCommand.class,
      MrtCommand.class,
      ReplayCommand.class,
      VersionCommand.class,
    })
public final class BgpsentryCommand implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_RUNTIME = 1;
  public static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
  }

  /** Runs the CLI and returns the process exit code. */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new BgpsentryCommand());
    cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
    cl.getCommandSpec().exitCodeOnExecutionException(EXIT_RUNTIME);
    return cl.execute(args);
  }
}
