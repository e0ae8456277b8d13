import { describe, expect, it } from 'vitest';
import { proto } from '@whiskeysockets/baileys';
import { loadWhatsAppAuth } from '../../../core/messengers/whatsapp/whatsapp-auth-state.js';
import { MemoryCredentialStore } from '../../harness/memory-credential-store.js';

describe('WhatsApp auth state over the credential store', () => {
  it('starts from fresh credentials and restores them with their Buffers after saving', async () => {
    const store = new MemoryCredentialStore();
    const first = await loadWhatsAppAuth(store);
    first.state.creds.me = { id: '15550000001:3@s.whatsapp.net', name: 'Ann' };
    first.state.creds.account = { details: Buffer.from('details'), accountSignatureKey: new Uint8Array([1, 2, 3]) };
    await first.saveCreds();
    const again = await loadWhatsAppAuth(store);
    const creds = again.state.creds;
    expect(Buffer.isBuffer(creds.noiseKey.private)).toBe(true);
    expect(Buffer.from(creds.noiseKey.private)).toEqual(Buffer.from(first.state.creds.noiseKey.private));
    expect(Buffer.from(creds.signedPreKey.signature)).toEqual(Buffer.from(first.state.creds.signedPreKey.signature));
    expect(Buffer.from(creds.account!.accountSignatureKey!)).toEqual(Buffer.from([1, 2, 3]));
    expect(creds.me).toEqual({ id: '15550000001:3@s.whatsapp.net', name: 'Ann' });
    expect(again.isLinked()).toBe(true);
    expect([...store.snapshot().keys()]).toEqual(['creds']);
  });

  it('is not linked before a pairing completed, even with a phone number set for a pairing code', async () => {
    const auth = await loadWhatsAppAuth(new MemoryCredentialStore());
    auth.state.creds.me = { id: '15550000001@s.whatsapp.net', name: '~' };
    expect(auth.isLinked()).toBe(false);
  });

  it('writes every key change of one keys.set call in a single store write, deletions included', async () => {
    const store = new MemoryCredentialStore();
    const auth = await loadWhatsAppAuth(store);
    await auth.state.keys.set({ 'pre-key': { '1': { public: Buffer.from([1]), private: Buffer.from([2]) }, '2': { public: Buffer.from([3]), private: Buffer.from([4]) } } });
    const writesBefore = store.writes;
    await auth.state.keys.set({
      session: { '15550000500.0': Buffer.from('ratchet') },
      'pre-key': { '1': null },
      'sender-key-memory': { 'group@g.us': { '15550000500@s.whatsapp.net': true } },
    });
    expect(store.writes).toBe(writesBefore + 1);
    expect([...store.snapshot().keys()].sort()).toEqual(['pre-key:2', 'sender-key-memory:group@g.us', 'session:15550000500.0']);
  });

  it('reads keys back as Buffers and leaves unknown ids out', async () => {
    const auth = await loadWhatsAppAuth(new MemoryCredentialStore());
    await auth.state.keys.set({ 'pre-key': { '7': { public: Buffer.from([7, 7]), private: Buffer.from([8, 8]) } } });
    const found = await auth.state.keys.get('pre-key', ['7', '8']);
    expect(Object.keys(found)).toEqual(['7']);
    expect(Buffer.isBuffer(found['7']!.public)).toBe(true);
    expect(Buffer.from(found['7']!.private)).toEqual(Buffer.from([8, 8]));
  });

  it('revives app-state-sync keys as protobuf objects', async () => {
    const auth = await loadWhatsAppAuth(new MemoryCredentialStore());
    const key = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from('secret-key'), timestamp: 1700000000 });
    await auth.state.keys.set({ 'app-state-sync-key': { AAAA: key } });
    const found = (await auth.state.keys.get('app-state-sync-key', ['AAAA']))['AAAA'];
    expect(found).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(found!.keyData!)).toEqual(Buffer.from('secret-key'));
  });

  it('changes nothing when the store refuses the write (a lost lease)', async () => {
    const store = new MemoryCredentialStore();
    const auth = await loadWhatsAppAuth(store);
    store.failNextWrite(new Error('lease lost'));
    await expect(auth.state.keys.set({ session: { a: Buffer.from('1') }, 'pre-key': { '1': null } })).rejects.toThrow('lease lost');
    expect(store.snapshot().size).toBe(0);
  });

  it('wipes everything of the account', async () => {
    const store = new MemoryCredentialStore();
    const auth = await loadWhatsAppAuth(store);
    await auth.saveCreds();
    await auth.state.keys.set({ session: { a: Buffer.from('1') } });
    await auth.wipe();
    expect(store.snapshot().size).toBe(0);
  });
});
