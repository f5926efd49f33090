package org.bgpsentry.daemon.config;

import com.fasterxml.jackson.core.JsonToken;
import java.util.List;
import java.util.Map;

/**
 * A YAML (or JSON) document node that remembers where it was written, so that every
 * configuration error can name {@code file:line:col}. Jackson's {@code JsonNode} drops token
 * locations; {@link YamlTree} builds this tree from the parser's tokens instead.
 */
sealed interface YNode {
  Pos pos();

  /** Human name of the node kind, for "expected" messages. */
  String kind();

  /** A 1-based line and column. */
  record Pos(int line, int column) {}

  /** A mapping key with its own position and its value. */
  record Entry(String key, Pos keyPos, YNode value) {}

  /** A mapping; keys keep their document order. */
  record YMap(Pos pos, Map<String, Entry> entries) implements YNode {
    @Override
    public String kind() {
      return "a mapping";
    }
  }

  /** A sequence. */
  record YList(Pos pos, List<YNode> items) implements YNode {
    @Override
    public String kind() {
      return "a list";
    }
  }

  /**
   * A scalar: {@code token} tells how the parser typed it (string, integer, float, boolean, null).
   */
  record YScalar(Pos pos, JsonToken token, String text) implements YNode {
    @Override
    public String kind() {
      return switch (token) {
        case VALUE_NUMBER_INT -> "an integer";
        case VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "an empty value";
        default -> text.isEmpty() ? "an empty value" : "a string";
      };
    }

    boolean isNull() {
      return token == JsonToken.VALUE_NULL;
    }
  }
}
