package org.bgpsentry.daemon.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds the Debian package from the shaded jar ({@code packaging/deb/build.sh}) and checks it
 * with {@code dpkg-deb} and {@code lintian}: contents, conffiles, dependencies, maintainer
 * scripts, and the installed launcher running {@code version}.
 */
class DebPackageIT {
  @TempDir static Path out;
  static Path deb;

  @BeforeAll
  static void build() throws Exception {
    assumeTrue(Tools.onPath("dpkg-deb") && Tools.onPath("fakeroot"), "dpkg-deb or fakeroot is not installed (apt-get install dpkg fakeroot)");
    Tools.Result r = Tools.run(Tools.root("packaging/deb/build.sh").resolve("packaging/deb/build.sh").toString(), out.toString());
    assertThat(r.exit()).as(r.output()).isZero();
    deb = Path.of(r.output().strip().lines().reduce((a, b) -> b).orElseThrow());
    assertThat(deb).exists();
  }

  @Test
  void containsLauncherJarUnitAndConfig() throws Exception {
    Tools.Result r = Tools.run("dpkg-deb", "-c", deb.toString());
    assertThat(r.output())
        .contains("./usr/bin/bgpsentry")
        .contains("./usr/share/bgpsentry/bgpsentry.jar")
        .contains("./usr/share/bgpsentry/jvm-options.sh")
        .contains("./lib/systemd/system/bgpsentry.service")
        .contains("./etc/bgpsentry/bgpsentry.yml")
        .contains("./etc/bgpsentry/prefixes.yml");
  }

  @Test
  void controlDeclaresJavaRuntimeConffilesAndUserCreation() throws Exception {
    assertThat(Tools.run("dpkg-deb", "-f", deb.toString(), "Depends").output())
        .contains("openjdk-21-jre-headless")
        .contains("adduser");
    Path ctl = out.resolve("control");
    assertThat(Tools.run("dpkg-deb", "-e", deb.toString(), ctl.toString()).exit()).isZero();
    assertThat(Files.readString(ctl.resolve("conffiles")))
        .contains("/etc/bgpsentry/bgpsentry.yml")
        .contains("/etc/bgpsentry/prefixes.yml");
    assertThat(Files.readString(ctl.resolve("postinst"))).contains("adduser --system");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      Tools.Result syntax = Tools.run("sh", "-n", ctl.resolve(script).toString());
      assertThat(syntax.exit()).as(script + ": " + syntax.output()).isZero();
    }
  }

  @Test
  void installedLauncherRunsTheJar() throws Exception {
    Path tree = out.resolve("tree");
    assertThat(Tools.run("dpkg-deb", "-x", deb.toString(), tree.toString()).exit()).isZero();
    String launcher =
        Files.readString(tree.resolve("usr/bin/bgpsentry"))
            .replace("/usr/share/bgpsentry/bgpsentry.jar", tree.resolve("usr/share/bgpsentry/bgpsentry.jar").toString());
    Path patched = out.resolve("bgpsentry-launcher");
    Files.writeString(patched, launcher);
    Tools.Result r = Tools.run("sh", patched.toString(), "version");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).startsWith("bgpsentry ");
  }

  @Test
  void lintianFindsNoErrors() throws Exception {
    assumeTrue(Tools.onPath("lintian"), "lintian is not installed (apt-get install lintian)");
    Tools.Result r = Tools.run("lintian", "--tag-display-limit", "0", deb.toString());
    assertThat(r.output().lines().filter(l -> l.startsWith("E:")).toList()).as(r.output()).isEmpty();
  }

}
