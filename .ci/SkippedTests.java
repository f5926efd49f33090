import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The skip policy's last step (`make test`, `.ci/run`): reads the surefire and failsafe reports
 * written since {@code MARKER} was touched, prints what was skipped and the {@code apt-get install}
 * line that would run it. A test skips only when a program is missing, and says so as
 * {@code "... is not installed (apt-get install PACKAGE ...)"}. With CI=true any skip fails (exit 1).
 *
 * <pre>java .ci/SkippedTests.java MARKER</pre>
 */
public final class SkippedTests {
  private static final Pattern APT = Pattern.compile("apt-get install ([a-z0-9][a-z0-9.+ -]*)");

  public static void main(String[] args) throws Exception {
    FileTime since = args.length > 0 && Files.exists(Path.of(args[0]))
        ? Files.getLastModifiedTime(Path.of(args[0])) : FileTime.fromMillis(0);
    Map<String, Set<String>> byReason = new TreeMap<>();
    Set<String> packages = new TreeSet<>();
    Set<String> notAProgram = new TreeSet<>();
    int skipped = 0;
    int run = 0;
    for (Path report : reports(since)) {
      NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
          .getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element c = (Element) cases.item(i);
        run++;
        NodeList skip = c.getElementsByTagName("skipped");
        if (skip.getLength() == 0) {
          continue;
        }
        skipped++;
        String reason = ((Element) skip.item(0)).getAttribute("message").strip();
        if (reason.isEmpty()) {
          reason = "(no reason given)";
        }
        String cls = c.getAttribute("classname");
        byReason.computeIfAbsent(reason, k -> new TreeSet<>()).add(cls.substring(cls.lastIndexOf('.') + 1));
        Matcher m = APT.matcher(reason);
        if (m.find()) {
          packages.addAll(List.of(m.group(1).strip().split(" +")));
        } else {
          notAProgram.add(reason);
        }
      }
    }
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    if (skipped == 0) {
      System.out.printf("tests: %d run, none skipped%n", run);
      return;
    }
    System.out.printf("tests: %d run, %d SKIPPED%n", run, skipped);
    byReason.forEach((reason, classes) -> System.out.printf("  %s%s: %s%n",
        notAProgram.contains(reason) ? "[not a missing program: the test is wrong] " : "", reason,
        String.join(", ", classes)));
    if (!packages.isEmpty()) {
      System.out.println("to run them: sudo apt-get install " + String.join(" ", packages));
    }
    if (ci) {
      System.out.println("CI=true: a skipped test fails the build (.ci/run installs the programs tests need)");
      System.exit(1);
    }
  }

  /** TEST-*.xml of surefire and failsafe in every module, written after {@code since}. */
  private static List<Path> reports(FileTime since) throws IOException {
    List<Path> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(Path.of(""), 4)) {
      for (Path p : walk.filter(SkippedTests::isReport).sorted().toList()) {
        if (Files.getLastModifiedTime(p).compareTo(since) >= 0) {
          out.add(p);
        }
      }
    }
    return out;
  }

  private static boolean isReport(Path p) {
    String name = p.getFileName() == null ? "" : p.getFileName().toString();
    Path dir = p.getParent();
    return name.startsWith("TEST-") && name.endsWith(".xml") && dir != null
        && (dir.endsWith("target/surefire-reports") || dir.endsWith("target/failsafe-reports"));
  }
}
