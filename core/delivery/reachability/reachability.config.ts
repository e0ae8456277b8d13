import type { Config } from '../../config.js';
import type { ReachabilityOptions } from './reachability.types.js';

/** The pre-flight's settings from the configuration (`REACHABILITY_TTL_DAYS`, `REACHABILITY_CHECK_DELAY_SECONDS`). */
export function reachabilityOptions(config: Pick<Config, 'REACHABILITY_TTL_DAYS' | 'REACHABILITY_CHECK_DELAY_SECONDS'>): ReachabilityOptions {
  const delay = config.REACHABILITY_CHECK_DELAY_SECONDS;
  return { ttlMs: config.REACHABILITY_TTL_DAYS * 86_400_000, checkDelayMs: { min: delay.min * 1000, max: delay.max * 1000 } };
}
