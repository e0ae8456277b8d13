import type { ReachabilitySummary } from '../../core/delivery/reachability/reachability.types.js';
import { platformName, type Translate } from './campaign-format.js';

// Reasons with a text of their own; any other code is shown as it is.
const REASON_KEYS: Record<string, string> = {
  RECIPIENT_NOT_FOUND: 'reachability-reason-not-found',
  PRIVACY_RESTRICTED: 'reachability-reason-privacy',
  INVALID_PHONE: 'reachability-reason-invalid-phone',
};

/** The audience's reachability per channel, for the review screen and the pre-flight report (empty: no line). */
export function reachabilityLines(t: Translate, summary: ReachabilitySummary): string[] {
  const lines: string[] = [];
  for (const channel of summary.channels) {
    lines.push(
      t('reachability-channel', {
        channel: platformName(channel.channel),
        reachable: channel.reachable,
        unreachable: channel.unreachable,
        unchecked: channel.unchecked,
      }),
    );
    if (channel.topReasons.length > 0) {
      const reasons = channel.topReasons.map((r) => `${REASON_KEYS[r.code] === undefined ? r.code : t(REASON_KEYS[r.code]!)} (${r.count})`);
      lines.push(t('reachability-reasons', { reasons: reasons.join(', ') }));
    }
  }
  return lines;
}
