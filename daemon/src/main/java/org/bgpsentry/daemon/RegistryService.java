package org.bgpsentry.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.bgpsentry.analytics.prefix.RegisteredPrefix;
import org.bgpsentry.codec.model.nlri.Prefix;
import org.bgpsentry.daemon.config.ConfigError;
import org.bgpsentry.daemon.config.ConfigException;
import org.bgpsentry.daemon.config.RegistryFile;
import org.bgpsentry.daemon.config.RegistryLoader;
import org.bgpsentry.daemon.http.ApiViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live registry (docs/configuration.md): the API edits it (persisted atomically before the call
 * returns), {@link #pollFile} picks up edits of the file, and every change goes to {@code
 * onChange}. An invalid file is refused with its errors logged; the previous registry stays.
 */
final class RegistryService implements ApiViews.Registry {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

  private final Consumer<List<RegisteredPrefix>> onChange;
  private Path file;
  private Map<Prefix, RegisteredPrefix> entries = new LinkedHashMap<>();
  private FileTime seenModified;

  RegistryService(Consumer<List<RegisteredPrefix>> onChange) {
    this.onChange = onChange;
  }

  /** Switches to {@code file} (null: no registry) with its already loaded contents. */
  synchronized void set(Path file, List<RegisteredPrefix> loaded) {
    this.file = file;
    Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>();
    loaded.forEach(p -> m.put(p.prefix(), p));
    entries = m;
    seenModified = modified();
  }

  private FileTime modified() {
    try {
      return file == null ? null : Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public synchronized List<RegisteredPrefix> list() {
    return file == null ? null : List.copyOf(entries.values());
  }

  @Override
  public void put(List<RegisteredPrefix> added) throws IOException {
    List<RegisteredPrefix> now;
    synchronized (this) {
      Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>(entries);
      added.forEach(p -> m.put(p.prefix(), p));
      now = save(m);
    }
    onChange.accept(now);
  }

  @Override
  public boolean remove(Prefix prefix) throws IOException {
    List<RegisteredPrefix> now;
    synchronized (this) {
      if (!entries.containsKey(prefix)) {
        return false;
      }
      Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>(entries);
      m.remove(prefix);
      now = save(m);
    }
    onChange.accept(now);
    return true;
  }

  private List<RegisteredPrefix> save(Map<Prefix, RegisteredPrefix> m) throws IOException {
    List<RegisteredPrefix> list = List.copyOf(m.values());
    RegistryFile.write(file, list);
    entries = m;
    seenModified = modified();
    return list;
  }

  /** Reloads the file when it changed on disk since we last read or wrote it. */
  void pollFile() {
    List<RegisteredPrefix> now;
    synchronized (this) {
      FileTime m = modified();
      if (file == null || m == null || m.equals(seenModified)) {
        return;
      }
      seenModified = m;
      try {
        now = RegistryLoader.load(file);
      } catch (ConfigException e) {
        LOG.error("registry {} changed but is invalid, keeping the previous one ({} entries):", file, entries.size());
        e.errors().stream().map(ConfigError::toString).forEach(LOG::error);
        return;
      }
      Map<Prefix, RegisteredPrefix> fresh = new LinkedHashMap<>();
      now.forEach(p -> fresh.put(p.prefix(), p));
      entries = fresh;
    }
    LOG.info("registry {} reloaded: {} prefixes", file, now.size());
    onChange.accept(now);
  }
}
