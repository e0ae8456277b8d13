// The messenger contract, run against the Baileys adapter with a fake WhatsApp playing the platform.
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { createWhatsAppDriver } from '../../../core/messengers/whatsapp/index.js';
import { FakeWhatsAppWorld, boom } from '../../harness/fakes/fake-baileys.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';
import { describeMessengerContract, whatsappTraits, type ContractEnv } from '../../harness/messenger-contract.js';

const ACCOUNT = '15550000001';
const CONTACT = '15550000500';
const SAVED = '15550000502';

function makeEnv(): ContractEnv {
  const world = new FakeWhatsAppWorld().addAccount(ACCOUNT, 'Ann').addAccount(CONTACT, 'Rita').addAccount(SAVED, 'Sam');
  const driver = createWhatsAppDriver({
    socketFactory: world.socketFactory,
    random: seededRandom(11),
    clock: new FakeClock(new Date(world.now() * 1000)),
    version: [2, 3000, 1],
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
  });
  return {
    driver,
    credentials: new MemoryCredentialStore(),
    accountPhone: `+${ACCOUNT}`,
    recipients: {
      existing: { kind: 'phone', phone: `+${CONTACT}` },
      missing: { kind: 'phone', phone: '+15559999999' },
      saved: { kind: 'phone', phone: `+${SAVED}` },
    },
    addToAddressBook: () => world.saveContact(ACCOUNT, SAVED),
    approveLink: async () => world.approveLink(ACCOUNT),
    injectSendError: (code) => {
      switch (code) {
        case 'FLOOD_WAIT':
          return world.failNextSend(boom('rate-overlimit', 500, 429));
        case 'PEER_FLOOD':
          // whatsappTraits.peerFlood is false: WhatsApp has no such answer, so the suite never asks.
          throw new Error('WhatsApp has no PEER_FLOOD answer');
        case 'TRANSIENT':
          return world.failNextSend(boom('Connection Closed', 428));
      }
    },
    deliverIncoming: (from, text) => {
      world.deliverIncoming(ACCOUNT, from, text);
    },
    sentMessages: async () => world.sent.map((m) => ({ toPlatformUserId: m.toJid.split('@')[0] ?? '', text: m.text })),
    revokeSession: () => world.revoke(ACCOUNT),
  };
}

describeMessengerContract('whatsapp (Baileys, mocked)', makeEnv, whatsappTraits);
