package org.bgpsentry.daemon.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;

/**
 * Writes the registry back as {@code prefixes.yml} (docs/configuration.md) atomically: a temporary file
 * in the same directory, fsync, rename over the old one, fsync of the directory. A crash leaves
 * either the old or the new file, never a torn one.
 */
public final class RegistryFile {
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

  private RegistryFile() {}

  /** Replaces {@code file} with {@code prefixes}. */
  public static void write(Path file, List<RegisteredPrefix> prefixes) throws IOException {
    List<Map<String, Object>> entries = new ArrayList<>(prefixes.size());
    for (RegisteredPrefix p : prefixes) {
      entries.add(toMap(p));
    }
    byte[] bytes = YAML.writeValueAsBytes(Map.of("prefixes", entries));
    writeAtomically(file, bytes);
  }

  /** The fields of one entry as in {@code prefixes.yml}; defaults are left out. */
  public static Map<String, Object> toMap(RegisteredPrefix p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("prefix", p.prefix().toString());
    putText(m, "description", p.description());
    putText(m, "customer", p.customer());
    putText(m, "provider", p.provider());
    putText(m, "location", p.location());
    m.put("origin_asns", p.originAsns());
    if (p.maxLength() != p.prefix().length()) {
      m.put("max_length", p.maxLength());
    }
    if (!p.upstreamAsns().isEmpty()) {
      m.put("upstream_asns", p.upstreamAsns());
    }
    if (!p.viaAsns().isEmpty()) {
      m.put("via_asns", p.viaAsns());
    }
    if (p.maxPathLength() > 0) {
      m.put("max_path_length", p.maxPathLength());
    }
    if (p.severity() != null) {
      m.put("severity", p.severity().wireName());
    }
    if (!p.probeTargets().isEmpty()) {
      m.put("probe_targets", p.probeTargets().stream().map(Object::toString).toList());
    }
    if (!p.ingressLocations().isEmpty()) {
      m.put("ingress_locations", p.ingressLocations());
    }
    if (!p.communities().isEmpty()) {
      m.put("communities", p.communities().stream().map(Object::toString).toList());
    }
    return m;
  }

  private static void putText(Map<String, Object> m, String key, String value) {
    if (value != null && !value.isEmpty()) {
      m.put(key, value);
    }
  }

  /** Writes {@code bytes} to {@code file} via a fsynced temporary file and an atomic rename. */
  public static void writeAtomically(Path file, byte[] bytes) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Makes a rename in {@code dir} durable (POSIX: fsync the directory). */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
