package org.bgpsentry.analytics.detect;

import java.util.List;

/**
 * Checks one registered prefix P over every route the engine holds for it (docs/contributing.md R14, one
 * detector per alert family): the prefix-wide conditions suboptimal_path and visibility_loss,
 * where {@link Detector} judges one route at a time. Pure: what it needs is in the context; adds
 * what it finds to {@code out}.
 */
interface PrefixDetector {
  void inspect(PrefixContext prefix, List<PrefixCondition> out);
}
