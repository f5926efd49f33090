package org.bgpsentry.daemon.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a {@link YNode} tree with token positions from Jackson's streaming parser (YAML for
 * files, JSON for API bodies). Duplicate mapping keys are problems, not silent overrides.
 */
final class YamlTree {
  /** SnakeYAML's default 3 MiB code point limit is below a 100k-prefix registry (~4.5 MB). */
  private static final int MAX_YAML_CODE_POINTS = 256 << 20;

  /** Jackson's location inside its messages, {@code [Source: REDACTED (...); line: 1, column: 14]}. */
  private static final java.util.regex.Pattern SOURCE =
      java.util.regex.Pattern.compile("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)]");

  private static final YAMLFactory YAML = yamlFactory();
  private static final JsonFactory JSON = new JsonFactory();

  private YamlTree() {}

  /** Reads and parses a YAML file; an unreadable file or a syntax error is a problem, null returned. */
  static YNode parseFile(java.nio.file.Path file, Problems problems) {
    return parseFile(file, problems, null, null);
  }

  /**
   * Like {@link #parseFile(java.nio.file.Path, Problems)}, but the items of the list under the
   * top-level key {@code streamed} go to {@code items} as each is parsed and are not kept: a
   * 100k-entry registry then never exists as one tree, which cost more in garbage-collector
   * copying than the parsing itself. The returned root holds that list empty, at its position,
   * so the document's shape is still checked.
   */
  static YNode parseFile(java.nio.file.Path file, Problems problems, String streamed, Consumer<YNode> items) {
    String text;
    try {
      text = java.nio.file.Files.readString(file);
    } catch (IOException e) {
      problems.add(new YNode.Pos(1, 1), "cannot read " + file + ": " + e + " (expected: a readable UTF-8 file)");
      return null;
    }
    return parse(YAML, text, problems, streamed, items);
  }

  private static YAMLFactory yamlFactory() {
    org.yaml.snakeyaml.LoaderOptions options = new org.yaml.snakeyaml.LoaderOptions();
    options.setCodePointLimit(MAX_YAML_CODE_POINTS);
    return YAMLFactory.builder().loaderOptions(options).build();
  }

  /** Parses YAML text; a syntax error is recorded in {@code problems} and null returned. */
  static YNode parseYaml(String text, Problems problems) {
    return parse(YAML, text, problems);
  }

  /** {@link #parseYaml(String, Problems)} streaming the list under {@code streamed} as {@link #parseFile} does. */
  static YNode parseYaml(String text, Problems problems, String streamed, Consumer<YNode> items) {
    return parse(YAML, text, problems, streamed, items);
  }

  /** Parses JSON text; a syntax error is recorded in {@code problems} and null returned. */
  static YNode parseJson(String text, Problems problems) {
    return parse(JSON, text, problems);
  }

  private static YNode parse(JsonFactory factory, String text, Problems problems) {
    return parse(factory, text, problems, null, null);
  }

  private static YNode parse(
      JsonFactory factory, String text, Problems problems, String streamed, Consumer<YNode> items) {
    try (JsonParser p = factory.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        problems.add(new YNode.Pos(1, 1), "empty document (expected: a mapping)");
        return null;
      }
      YNode root =
          t == JsonToken.START_OBJECT
              ? mapping(p, problems, pos(p.currentTokenLocation()), streamed, items)
              : node(p, problems);
      if (p.nextToken() != null) {
        problems.add(
            pos(p.currentTokenLocation()),
            factory == JSON
                ? "a second document after the first (expected: one JSON value)"
                : "a second document after the first (expected: one YAML document; '---' starts another,"
                    + " which would not be read)");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String msg =
          SOURCE.matcher(e.getOriginalMessage().lines().findFirst().orElse("syntax error")).replaceAll("line $1, column $2");
      problems.add(
          loc == null ? new YNode.Pos(1, 1) : pos(loc),
          "invalid syntax: " + msg + " (expected: well-formed YAML or JSON)");
      return null;
    } catch (IOException e) {
      problems.add(new YNode.Pos(1, 1), "unreadable: " + e.getMessage());
      return null;
    }
  }

  private static YNode node(JsonParser p, Problems problems) throws IOException {
    YNode.Pos at = pos(p.currentTokenLocation());
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT -> {
        return mapping(p, problems, at, null, null);
      }
      case START_ARRAY -> {
        List<YNode> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(node(p, problems));
        }
        return new YNode.YList(at, items);
      }
      default -> {
        return new YNode.YScalar(at, t, t == JsonToken.VALUE_NULL ? "" : p.getText());
      }
    }
  }

  /**
   * A mapping whose first token is current; the items of a list under key {@code streamed} (the
   * first occurrence) go to {@code items} instead of into the tree.
   */
  private static YNode mapping(JsonParser p, Problems problems, YNode.Pos at, String streamed, Consumer<YNode> items)
      throws IOException {
    Map<String, YNode.Entry> entries = new LinkedHashMap<>();
    YNode.Pos first = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      YNode.Pos keyPos = pos(p.currentTokenLocation());
      first = first == null ? keyPos : first;
      JsonToken t = p.nextToken();
      YNode value;
      if (t == JsonToken.START_ARRAY && key.equals(streamed) && !entries.containsKey(key)) {
        YNode.Pos listPos = pos(p.currentTokenLocation());
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.accept(node(p, problems));
        }
        value = new YNode.YList(listPos, List.of());
      } else {
        value = node(p, problems);
      }
      if (entries.containsKey(key)) {
        YNode.Pos prev = entries.get(key).keyPos();
        problems.add(
            keyPos,
            "duplicate key '"
                + key
                + "' (expected: each key once; first at line "
                + prev.line()
                + ")");
      } else {
        entries.put(key, new YNode.Entry(key, keyPos, value));
      }
    }
    return new YNode.YMap(first == null ? at : first, entries);
  }

  private static YNode.Pos pos(JsonLocation loc) {
    return new YNode.Pos(Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
  }
}
