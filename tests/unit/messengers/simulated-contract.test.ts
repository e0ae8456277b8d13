import { createSimulatedDriver } from '../../../core/messengers/simulated/index.js';
import type { Platform } from '../../../core/messengers/messenger.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';
import {
  describeMessengerContract,
  telegramTraits,
  whatsappTraits,
  type ContractEnv,
} from '../../harness/messenger-contract.js';

const SAVED = { kind: 'phone', phone: '+15550003001' } as const;

function simulatedEnv(platform: Platform): ContractEnv {
  const driver = createSimulatedDriver(platform, { replies: false });
  const { control } = driver;
  return {
    driver,
    credentials: new MemoryCredentialStore(),
    accountPhone: '+15550001001',
    validCode: control.loginCode,
    twoFactorPhone: '+15550001002',
    password: control.password,
    recipients: {
      existing: platform === 'telegram' ? { kind: 'username', username: 'alice_smith' } : { kind: 'phone', phone: '+15550002001' },
      missing: platform === 'telegram' ? { kind: 'username', username: 'ghost_rider' } : { kind: 'phone', phone: '+15550002009' },
      privacyRestricted: { kind: 'username', username: 'private_person' },
      saved: SAVED,
    },
    addToAddressBook: () => control.addToAddressBook(control.accountIdForPhone('+15550001001'), SAVED),
    approveLink: async () => {
      await control.approvePendingLinks('+15550001001');
    },
    injectSendError: (code, waitSeconds) =>
      control.injectFault(code === 'FLOOD_WAIT' ? { code, waitSeconds: waitSeconds ?? 1 } : { code }),
    deliverIncoming: async (from, text) => {
      await control.deliverIncoming(from, text);
    },
    sentMessages: async () =>
      (await control.ledger.list()).map((e) => ({ toPlatformUserId: e.recipientPlatformUserId, text: e.text })),
    revokeSession: () => control.revokeSessions(),
  };
}

describeMessengerContract('simulated telegram', () => simulatedEnv('telegram'), telegramTraits);
describeMessengerContract('simulated whatsapp', () => simulatedEnv('whatsapp'), whatsappTraits);
