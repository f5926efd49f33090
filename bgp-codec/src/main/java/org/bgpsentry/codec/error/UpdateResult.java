package org.bgpsentry.codec.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bgpsentry.codec.model.Update;
import org.bgpsentry.codec.model.nlri.Family;
import org.bgpsentry.codec.model.nlri.Nlri;

/**
 * A decoded UPDATE with its RFC 7606 outcome (docs/contributing.md R5): the strongest {@code action} of all
 * {@code issues} (RFC 7606 §3(h)) and the families to disable for AFI/SAFI disable. {@link
 * #routesToAnnounce()} and {@link #routesToWithdraw()} apply the outcome: under treat-as-withdraw
 * every announced NLRI becomes a withdrawal (RFC 7606 §2), and a disabled family announces
 * nothing. Attribute discard is already applied: the discarded attributes are absent from {@code
 * update}.
 */
public record UpdateResult(
    Update update, ErrorAction action, List<DecodeIssue> issues, Set<Family> disabledFamilies) {
  public UpdateResult {
    issues = List.copyOf(issues);
    disabledFamilies = Set.copyOf(disabledFamilies);
  }

  public UpdateResult(Update update, ErrorAction action, List<DecodeIssue> issues) {
    this(update, action, issues, Set.of());
  }

  /** A clean result. */
  public static UpdateResult ok(Update update) {
    return new UpdateResult(update, ErrorAction.NONE, List.of(), Set.of());
  }

  /** True when some issue asks for treat-as-withdraw. */
  public boolean treatAsWithdraw() {
    for (DecodeIssue i : issues) {
      if (i.action() == ErrorAction.TREAT_AS_WITHDRAW) {
        return true;
      }
    }
    return false;
  }

  /** The NLRI to install, per family: none under treat-as-withdraw or for a disabled family. */
  public Map<Family, List<Nlri>> routesToAnnounce() {
    if (action == ErrorAction.SESSION_RESET || treatAsWithdraw()) {
      return Map.of();
    }
    Map<Family, List<Nlri>> out = new LinkedHashMap<>(update.allAnnounced());
    out.keySet().removeAll(disabledFamilies);
    return out;
  }

  /**
   * The NLRI to remove, per family: the withdrawn ones, plus the announced ones under
   * treat-as-withdraw (RFC 7606 §2). A disabled family's routes are all removed by the caller.
   */
  public Map<Family, List<Nlri>> routesToWithdraw() {
    Map<Family, List<Nlri>> out = new LinkedHashMap<>(update.allWithdrawn());
    if (treatAsWithdraw()) {
      update.allAnnounced().forEach((f, n) -> Update.merge(out, f, n));
    }
    out.keySet().removeAll(disabledFamilies);
    return out;
  }
}
