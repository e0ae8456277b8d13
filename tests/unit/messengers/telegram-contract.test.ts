// The messenger contract, run against the GramJS adapter with a fake Telegram playing the platform.
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { createTelegramDriver } from '../../../core/messengers/telegram/index.js';
import { FakeTelegramWorld } from '../../harness/fakes/fake-telegram.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';
import { describeMessengerContract, telegramTraits, type ContractEnv } from '../../harness/messenger-contract.js';

const PLAIN = { id: 1, phone: '15550000001', firstName: 'Ann' };
const SAVED = { id: 502, firstName: 'Sam', phone: '15550000502' };
const GUARDED = { id: 2, phone: '15550000002', firstName: 'Bob', password: 'correct horse', hint: 'horse' };

function makeEnv(): ContractEnv {
  const world = new FakeTelegramWorld()
    .addAccount(PLAIN)
    .addAccount(GUARDED)
    .addUser({ id: 500, firstName: 'Rita', username: 'rita', phone: '15550000500' })
    .addUser({ id: 501, firstName: 'Pat', username: 'private_pat', privacyRestricted: true })
    .addUser(SAVED);
  const driver = createTelegramDriver({
    apiId: 12345,
    apiHash: 'fake-hash',
    clientFactory: world.clientFactory,
    random: seededRandom(7),
    clock: new FakeClock(new Date(world.now() * 1000)),
  });
  // The account the suite logged in last (it logs in at most one per test).
  const accountId = (): number => world.clients.findLast((c) => c.accountId !== undefined)?.accountId ?? PLAIN.id;
  return {
    driver,
    credentials: new MemoryCredentialStore(),
    accountPhone: `+${PLAIN.phone}`,
    validCode: world.code,
    twoFactorPhone: `+${GUARDED.phone}`,
    password: GUARDED.password,
    recipients: {
      existing: { kind: 'username', username: '@rita' },
      missing: { kind: 'username', username: 'nobody_here' },
      privacyRestricted: { kind: 'username', username: 'private_pat' },
      saved: { kind: 'phone', phone: `+${SAVED.phone}` },
    },
    addToAddressBook: () => world.addToAddressBook(accountId(), SAVED.id),
    approveLink: async () => world.approveQr(PLAIN.id),
    injectSendError: (code, waitSeconds) => {
      switch (code) {
        case 'FLOOD_WAIT':
          return world.failNextWithFloodWait('messages.SendMessage', waitSeconds ?? 30);
        case 'PEER_FLOOD':
          return world.failNext('messages.SendMessage', 'PEER_FLOOD');
        case 'TRANSIENT':
          return world.failNext('messages.SendMessage', new Error('Request was unsuccessful 5 time(s)'));
      }
    },
    deliverIncoming: async (from, text) => {
      await world.deliverIncoming(accountId(), Number(from), text);
    },
    sentMessages: async () => world.sent.map((m) => ({ toPlatformUserId: String(m.toUserId), text: m.text })),
    revokeSession: () => world.revokeSessions(accountId()),
  };
}

describeMessengerContract('telegram (GramJS, mocked)', makeEnv, telegramTraits);
