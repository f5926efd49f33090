package org.bgpsentry.daemon.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The status page's files (docs/operators-guide.md "The status page"), read once from {@code /web/} in the jar. Only the
 * names listed here are served, so no request path ever reaches a resource lookup. Each file has
 * a strong validator (RFC 9110 §8.8.3) from its SHA-256, for {@code If-None-Match}.
 */
final class StaticFiles {
  /** One file: bytes, media type and entity tag (quoted). */
  record Asset(byte[] body, String contentType, String etag) {}

  private static final Map<String, String> FILES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "style.css", "text/css; charset=utf-8",
          "icon.svg", "image/svg+xml");

  private final Map<String, Asset> assets = new LinkedHashMap<>();

  StaticFiles() {
    FILES.forEach((name, type) -> assets.put(name, load(name, type)));
  }

  /** The file called {@code name} (no directories), or null. */
  Asset get(String name) {
    return assets.get(name);
  }

  private static Asset load(String name, String type) {
    try (InputStream in = StaticFiles.class.getResourceAsStream("/web/" + name)) {
      if (in == null) {
        throw new IllegalStateException("/web/" + name + " missing from the jar");
      }
      byte[] body = in.readAllBytes();
      byte[] sha = MessageDigest.getInstance("SHA-256").digest(body);
      String tag = Base64.getUrlEncoder().withoutPadding().encodeToString(sha).substring(0, 22);
      return new Asset(body, type, "\"" + tag + "\"");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * RFC 9110 §13.1.2: true when {@code ifNoneMatch} (null when absent) lists {@code etag} or is
   * {@code *}; weak comparison, so a {@code W/} prefix added by a proxy still matches.
   */
  static boolean notModified(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String tag = t.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }
}
