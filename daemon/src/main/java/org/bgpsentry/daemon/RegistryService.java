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
 * returns), {@link #pollFile} picks up edits of the file, a reload {@link #set}s it, and every
 * change goes to {@code onChange}. An invalid file is refused with its errors logged; the
 * previous registry stays.
 *
 * <p>{@code onChange} runs under the same lock as the change it reports, so it sees the changes
 * in the order they were made and the last call carries the registry as it is: two concurrent
 * POSTs cannot leave analytics on the older one. {@code onChange} must not call back into this
 * service from another thread.
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

  /**
   * Switches to {@code file} (null: no registry) with its already loaded contents, and tells
   * {@code onChange}.
   */
  synchronized void set(Path file, List<RegisteredPrefix> loaded) {
    if (file != null && file.equals(this.file)) {
      // a reload read the file before taking this lock: an API write since then is in the file
      try {
        loaded = RegistryLoader.load(file);
      } catch (ConfigException e) {
        LOG.warn("registry {} changed during the reload and is invalid now; using what the reload read", file);
      }
    }
    this.file = file;
    Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>();
    loaded.forEach(p -> m.put(p.prefix(), p));
    entries = m;
    seenModified = modified();
    onChange.accept(List.copyOf(m.values()));
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
  public synchronized void put(List<RegisteredPrefix> added) throws IOException {
    Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>(entries);
    added.forEach(p -> m.put(p.prefix(), p));
    onChange.accept(save(m));
  }

  @Override
  public synchronized boolean remove(Prefix prefix) throws IOException {
    if (!entries.containsKey(prefix)) {
      return false;
    }
    Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>(entries);
    m.remove(prefix);
    onChange.accept(save(m));
    return true;
  }

  @Override
  public synchronized void update(List<RegisteredPrefix> put, java.util.Collection<Prefix> remove) throws IOException {
    Map<Prefix, RegisteredPrefix> m = new LinkedHashMap<>(entries);
    put.forEach(p -> m.put(p.prefix(), p));
    remove.forEach(m::remove);
    if (!m.equals(entries)) {
      onChange.accept(save(m));
    }
  }

  private List<RegisteredPrefix> save(Map<Prefix, RegisteredPrefix> m) throws IOException {
    List<RegisteredPrefix> list = List.copyOf(m.values());
    RegistryFile.write(file, list);
    entries = m;
    seenModified = modified();
    return list;
  }

  /** Reloads the file when it changed on disk since we last read or wrote it. */
  synchronized void pollFile() {
    FileTime m = modified();
    if (file == null || m == null || m.equals(seenModified)) {
      return;
    }
    seenModified = m;
    List<RegisteredPrefix> now;
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
    LOG.info("registry {} reloaded: {} prefixes", file, now.size());
    onChange.accept(now);
  }
}
