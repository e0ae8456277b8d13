import { Migration } from '@mikro-orm/migrations';
import { SIMULATED_LEDGER_DDL } from '../core/messengers/simulated/pg-simulated-ledger.js';

/** What the simulated messenger "delivered" (tests, benchmarks, sandbox): proves no loss and no duplicates. */
export class SimulatedLedger extends Migration {
  override up(): void {
    this.addSql(SIMULATED_LEDGER_DDL);
  }

  override down(): void {
    this.addSql('DROP TABLE IF EXISTS simulated_ledger');
  }
}
