package io.pptp2wg.admin.api;

import java.util.List;

/**
 * The answer of {@code POST /api/users}: how many names were new, how many were users already (an import is
 * idempotent: the same file twice adds nothing the second time), how many sunset dates were set, and the names.
 */
public record ImportReport(int added, int alreadyKnown, int sunsetsSet, List<String> users) {}
