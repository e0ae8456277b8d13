/** The simulated messenger driver (`MESSENGER_DRIVER=simulated`): tests, benchmarks and the demo sandbox. */
export {
  createSimulatedDriver,
  SIMULATED_LOGIN_CODE,
  SIMULATED_PASSWORD,
  type SimulatedControl,
  type SimulatedDriver,
  type SimulatedDriverOptions,
} from './simulated-driver.js';
export { personFor, userIdForPhone, type SimulatedPerson } from './simulated-identity.js';
export { isClientMessageId } from './simulated-ids.js';
export {
  MemorySimulatedLedger,
  type LedgerDelivery,
  type LedgerEntry,
  type LedgerFilter,
  type LedgerRecordResult,
  type SimulatedLedger,
} from './simulated-ledger.js';
export { PgSimulatedLedger, SIMULATED_LEDGER_DDL, type PgSimulatedLedgerOptions } from './pg-simulated-ledger.js';
export type { QrSettings, SimulatedFault } from './simulated-platform.js';
export { DEFAULT_REPLY_SETTINGS, defaultRules, type RecipientFate, type ReplySettings, type SimulatedRules } from './simulated-rules.js';
export { ManualScheduler, realScheduler, type ScheduledTask, type SimulatedScheduler } from './simulated-scheduler.js';
export { SIMULATED_SESSION_KEY } from './simulated-session.js';
