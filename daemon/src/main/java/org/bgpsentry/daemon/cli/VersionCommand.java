package org.bgpsentry.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bgpsentry version}: prints the version and the running JVM. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Runnable {
  @Override
  public void run() {
    for (String line : new Provider().getVersion()) {
      System.out.println(line);
    }
  }

  /** Version lines, shared with {@code --version}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = BgpsentryCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "bgpsentry " + (v == null ? "dev" : v),
        "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
