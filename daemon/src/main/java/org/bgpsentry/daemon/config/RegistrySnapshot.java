package org.bgpsentry.daemon.config;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.bgpsentry.analytics.alert.Severity;
import org.bgpsentry.analytics.prefix.Community;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.IpAddress;
import org.bgpsentry.codec.model.nlri.Prefix;

/**
 * A binary copy of a registry that {@link RegistryLoader} has read and found valid, kept in a
 * cache directory so that the next one-shot command over the same file skips the YAML parser
 * (~1 s of CPU for 100,000 entries; docs/performance.md). One file per registry path; it is used
 * only when it was written from exactly the bytes the registry file holds now (SHA-256) by exactly
 * this build of the code (the jar's path, size and time), and anything else about it (missing,
 * truncated, another format, unreadable) makes the loader parse the YAML as before and write it
 * again. Writing is best-effort: a cache that cannot be written costs nothing but the next parse.
 */
final class RegistrySnapshot {
  private static final long MAGIC = 0x6267707352656732L; // "bgpsReg2"

  private final Path file;
  private final byte[] contentHash;
  private final String build;

  private RegistrySnapshot(Path file, byte[] contentHash, String build) {
    this.file = file;
    this.contentHash = contentHash;
    this.build = build;
  }

  /**
   * The snapshot slot of {@code registry} (whose bytes are {@code content}) in {@code cacheDir};
   * null when this build cannot name itself (then no snapshot is trusted).
   */
  static RegistrySnapshot of(Path cacheDir, Path registry, byte[] content) {
    String build = build();
    if (build == null) {
      return null;
    }
    String name =
        HexFormat.of()
            .formatHex(sha256(registry.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8)), 0, 12);
    return new RegistrySnapshot(cacheDir.resolve("registry-" + name + ".bin"), sha256(content), build);
  }

  Path file() {
    return file;
  }

  /** The entries, or null when there is no usable snapshot for these bytes and this build. */
  List<RegisteredPrefix> read() {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
      if (in.readLong() != MAGIC || !in.readUTF().equals(build)) {
        return null;
      }
      byte[] hash = new byte[contentHash.length];
      in.readFully(hash);
      if (!Arrays.equals(hash, contentHash)) {
        return null;
      }
      int n = in.readInt();
      List<RegisteredPrefix> out = new ArrayList<>(Math.min(n, 1 << 20));
      for (int i = 0; i < n; i++) {
        out.add(entry(in));
      }
      return in.read() == -1 ? out : null;
    } catch (IOException | RuntimeException e) {
      // missing, truncated or not ours (a RuntimeException: a value the record rejects)
      return null;
    }
  }

  /** Writes the snapshot (to a temporary file, then renamed); false when that failed. */
  boolean write(List<RegisteredPrefix> entries) {
    Path tmp = null;
    try {
      Files.createDirectories(file.getParent());
      tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      try (OutputStream raw = Files.newOutputStream(tmp);
          DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
        out.writeLong(MAGIC);
        out.writeUTF(build);
        out.write(contentHash);
        out.writeInt(entries.size());
        for (RegisteredPrefix p : entries) {
          entry(out, p);
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException | RuntimeException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best-effort: a stray temporary file in the cache directory
        }
      }
      return false;
    }
  }

  private static void entry(DataOutputStream out, RegisteredPrefix p) throws IOException {
    prefix(out, p.prefix());
    text(out, p.description());
    text(out, p.customer());
    text(out, p.provider());
    text(out, p.location());
    asns(out, p.originAsns());
    out.writeShort(p.maxLength());
    asns(out, p.upstreamAsns());
    asns(out, p.viaAsns());
    out.writeShort(p.maxPathLength());
    out.writeByte(p.severity() == null ? -1 : p.severity().ordinal());
    out.writeInt(p.probeTargets().size());
    for (IpAddress a : p.probeTargets()) {
      out.writeBoolean(a.ipv6());
      out.writeLong(a.hi());
      out.writeLong(a.lo());
    }
    out.writeInt(p.ingressLocations().size());
    for (String l : p.ingressLocations()) {
      text(out, l);
    }
    out.writeInt(p.communities().size());
    for (Community c : p.communities()) {
      text(out, c.toString());
    }
  }

  private static RegisteredPrefix entry(DataInputStream in) throws IOException {
    Prefix prefix = prefix(in);
    String description = text(in);
    String customer = text(in);
    String provider = text(in);
    String location = text(in);
    List<Long> origins = asns(in);
    int maxLength = in.readShort();
    List<Long> upstream = asns(in);
    List<Long> via = asns(in);
    int maxPath = in.readShort();
    int sev = in.readByte();
    Severity severity = sev < 0 ? null : Severity.values()[sev];
    int targets = in.readInt();
    List<IpAddress> probeTargets = new ArrayList<>(Math.min(targets, 1024));
    for (int i = 0; i < targets; i++) {
      probeTargets.add(new IpAddress(in.readBoolean(), in.readLong(), in.readLong()));
    }
    List<String> ingress = new ArrayList<>();
    int locations = count(in);
    for (int i = 0; i < locations; i++) {
      ingress.add(text(in));
    }
    List<Community> communities = new ArrayList<>();
    int required = count(in);
    for (int i = 0; i < required; i++) {
      communities.add(Community.parse(text(in)));
    }
    return new RegisteredPrefix(
        prefix, description, customer, provider, location, origins, maxLength, upstream, via, maxPath,
        severity, probeTargets, ingress, communities);
  }

  private static int count(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 16) {
      throw new EOFException("count " + n);
    }
    return n;
  }

  private static void prefix(DataOutputStream out, Prefix p) throws IOException {
    out.writeBoolean(p.ipv6());
    out.writeLong(p.hi());
    out.writeLong(p.lo());
    out.writeByte(p.length());
  }

  private static Prefix prefix(DataInputStream in) throws IOException {
    return new Prefix(in.readBoolean(), in.readLong(), in.readLong(), in.readUnsignedByte());
  }

  private static void text(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String text(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 24) {
      throw new EOFException("text length " + n);
    }
    if (n == 0) {
      return "";
    }
    byte[] b = new byte[n];
    in.readFully(b);
    return new String(b, StandardCharsets.UTF_8);
  }

  private static void asns(DataOutputStream out, List<Long> asns) throws IOException {
    out.writeInt(asns.size());
    for (long a : asns) {
      out.writeInt((int) a);
    }
  }

  private static List<Long> asns(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 20) {
      throw new EOFException("ASN count " + n);
    }
    Long[] a = new Long[n];
    for (int i = 0; i < n; i++) {
      a[i] = in.readInt() & 0xffffffffL;
    }
    return List.of(a);
  }

  /** This build of the code: the jar (or classes directory) it was loaded from, its size and time; or null. */
  private static String build() {
    try {
      Path self = Path.of(RegistrySnapshot.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return self + " " + Files.size(self) + " " + Files.getLastModifiedTime(self).toMillis();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
