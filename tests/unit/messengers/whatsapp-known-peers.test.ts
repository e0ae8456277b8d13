import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { seededRandom } from '../../../core/random.js';
import { MessengerError } from '../../../core/messengers/messenger.js';
import { createWhatsAppDriver } from '../../../core/messengers/whatsapp/index.js';
import { KnownPeerMemory } from '../../../core/messengers/whatsapp/whatsapp-known-peers.js';
import { FakeWhatsAppWorld } from '../../harness/fakes/fake-baileys.js';
import { RecordedSteps } from '../../harness/fakes/login-steps.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

const ANN = '15550000001';
const RITA = '15550000500';
const pn = (phone: string): string => `${phone}@s.whatsapp.net`;

async function linked() {
  const world = new FakeWhatsAppWorld().addAccount(ANN, 'Ann').addAccount(RITA, 'Rita');
  const driver = createWhatsAppDriver({
    socketFactory: world.socketFactory,
    clock: new FakeClock(new Date(world.now() * 1000)),
    random: seededRandom(5),
    version: [2, 3000, 1],
    reconnect: { initialDelayMs: 1, maxDelayMs: 4 },
  });
  const steps = new RecordedSteps();
  const flow = await driver.startLogin({ method: 'qr' }, { credentials: new MemoryCredentialStore(), onStep: steps.onStep });
  await steps.waitFor('qr');
  world.approveLink(ANN);
  const connection = await flow.connection;
  await vi.waitFor(() => expect(world.live().some((s) => s.isOpen)).toBe(true));
  return { world, connection };
}

describe('WhatsApp knownPeers', () => {
  it('lists 1:1 chats from history sync by last activity and saved contacts, named by phone number', async () => {
    const { world, connection } = await linked();
    world.push(ANN, 'messaging-history.set', {
      chats: [
        { id: pn('15550000601'), conversationTimestamp: 100 },
        { id: '90001@lid', pnJid: pn('15550000602'), conversationTimestamp: 300 },
        { id: '90002@lid', conversationTimestamp: 400 },
        { id: '120363000000000001@g.us', conversationTimestamp: 500 },
        { id: 'status@broadcast', conversationTimestamp: 600 },
        { id: pn(ANN), conversationTimestamp: 700 },
      ],
      contacts: [],
      messages: [],
    });
    world.push(ANN, 'contacts.upsert', [{ id: '90003@lid', phoneNumber: pn('15550000603') }, { id: '90004@lid' }]);

    expect(await connection.knownPeers(500)).toEqual([
      { platformUserId: '15550000602', phone: '+15550000602', source: 'dialog' },
      { platformUserId: '15550000601', phone: '+15550000601', source: 'dialog' },
      { platformUserId: '15550000603', phone: '+15550000603', source: 'address_book' },
    ]);
  });

  it('counts the people of live messages and of our own sends as dialogs, the latest first', async () => {
    const { world, connection } = await linked();
    world.deliverIncoming(ANN, '15550000700', 'hello');
    const rita = await connection.resolveRecipient({ kind: 'phone', phone: `+${RITA}` });
    await connection.sendText(rita, 'hi Rita', '3EB0AAAAAAAAAAAAAAAAAA');

    expect((await connection.knownPeers(500)).map((p) => p.platformUserId)).toEqual([RITA, '15550000700']);
    expect((await connection.knownPeers(1)).map((p) => p.platformUserId)).toEqual([RITA]);
  });

  it('refuses on a closed connection', async () => {
    const { connection } = await linked();
    await connection.disconnect();
    const error = await connection.knownPeers(10).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(MessengerError);
    expect((error as MessengerError).code).toBe('TRANSIENT');
  });
});

describe('KnownPeerMemory', () => {
  it('keeps only the newest entries of each kind, a re-seen peer counting as new', () => {
    const memory = new KnownPeerMemory(2);
    memory.addDialog(pn('15550000801'));
    memory.addDialog(pn('15550000802'));
    memory.addDialog(pn('15550000801'));
    memory.addDialog(pn('15550000803'));
    memory.addContacts([{ id: pn('15550000901') }, { id: pn('15550000902') }, { id: pn('15550000903') }]);

    expect(memory.list(10, ANN).map((p) => [p.platformUserId, p.source])).toEqual([
      ['15550000803', 'dialog'],
      ['15550000801', 'dialog'],
      ['15550000903', 'address_book'],
      ['15550000902', 'address_book'],
    ]);
  });
});
