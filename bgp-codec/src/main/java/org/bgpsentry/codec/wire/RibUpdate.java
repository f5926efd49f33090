package org.bgpsentry.codec.wire;

import org.bgpsentry.codec.error.UpdateResult;
import org.bgpsentry.codec.wire.attr.StoredAttributes;

/**
 * An UPDATE (RFC 4271 §4.3) decoded for an Adj-RIB-In ({@link UpdateCodec#decodeForRib}): its RFC
 * 7606 outcome, and, when it decoded without issues, the per-route attribute sets in their {@link
 * StoredAttributes} form, cut from the wire in the same walk as the decoding.
 *
 * @param nlriAttributes the set of the routes in the NLRI field; null when there are none or the
 *     UPDATE had issues
 * @param mpAttributes the set of the MP_REACH_NLRI routes; null when there are none or the UPDATE
 *     had issues
 */
public record RibUpdate(UpdateResult result, byte[] nlriAttributes, byte[] mpAttributes) {}
