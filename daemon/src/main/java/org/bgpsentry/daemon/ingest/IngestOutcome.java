package org.bgpsentry.daemon.ingest;

import org.bgpsentry.codec.error.DecodeIssue;
import org.bgpsentry.codec.model.nlri.Family;

/**
 * What became of one UPDATE handed to {@link AdjRibIn#apply}: what the source must do next is its
 * own business (a BGP session sends a NOTIFICATION and closes; a BMP view counts and goes on).
 */
public sealed interface IngestOutcome {
  /** Applied: every route of the UPDATE is in the Adj-RIB-In (or withdrawn from it). */
  IngestOutcome APPLIED = new Applied();

  /** Applied, as far as RFC 7606 lets it be (including treat-as-withdraw, attribute discard). */
  record Applied() implements IngestOutcome {}

  /**
   * The UPDATE carries an error RFC 7606 answers with a session reset (RFC 4271 §6.3, e.g.
   * unreadable framing): nothing of it was applied. A session sends {@code cause.error()} with
   * {@code cause.data()} as its NOTIFICATION.
   */
  record SessionReset(DecodeIssue cause) implements IngestOutcome {}

  /**
   * A route of {@code family} was refused: the family held its {@code max_prefixes} {@code limit}
   * already, and this route would have made it {@code routes}. The routes of the UPDATE before it
   * are installed; it and those after it are neither kept nor reported. A session closes with
   * Cease/Maximum Number of Prefixes Reached (RFC 4486 §4).
   */
  record PrefixLimitReached(Family family, long routes, long limit) implements IngestOutcome {}
}
