/**
 * Baileys' `AuthenticationState` over the port's `CredentialStore` (never `useMultiFileAuthState`).
 * Keys: `creds` for the account credentials, `<type>:<id>` for each Signal key, values serialised with
 * `BufferJSON` so Buffers survive. `keys.set` writes every change of one call in ONE store write: Baileys
 * batches a whole transaction (e.g. a session ratchet plus the pre-key it consumed) into one `set`, and
 * keeping half of it would break decryption with that contact.
 */
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { CredentialStore } from '../messenger.js';

export const CREDS_KEY = 'creds';

/** The store key of one Signal key. */
export function signalKeyName(type: keyof SignalDataTypeMap, id: string): string {
  return `${type}:${id}`;
}

export function serialise(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

export function deserialise(raw: string): unknown {
  return JSON.parse(raw, BufferJSON.reviver) as unknown;
}

/** An auth state plus what the adapter needs around it. */
export interface WhatsAppAuth {
  readonly state: AuthenticationState;
  /** Persists the current credentials (call after Baileys merged a `creds.update`). */
  saveCreds(): Promise<void>;
  /** Whether this state belongs to a linked device (a pairing completed once). */
  isLinked(): boolean;
  /** Deletes everything stored for the account (after WhatsApp logged the device out). */
  wipe(): Promise<void>;
}

/** Loads the auth state of one account from `store`, or fresh credentials when nothing is stored. */
export async function loadWhatsAppAuth(store: CredentialStore): Promise<WhatsAppAuth> {
  const raw = (await store.read([CREDS_KEY])).get(CREDS_KEY);
  const creds = raw === undefined ? initAuthCreds() : (deserialise(raw) as AuthenticationCreds);
  // Creds writes are chained so an older snapshot can never land after a newer one.
  let credsWrites: Promise<void> = Promise.resolve();

  const state: AuthenticationState = {
    creds,
    keys: {
      get: async <T extends keyof SignalDataTypeMap>(type: T, ids: string[]) => {
        const stored = await store.read(ids.map((id) => signalKeyName(type, id)));
        const found: { [id: string]: SignalDataTypeMap[T] } = {};
        for (const id of ids) {
          const value = stored.get(signalKeyName(type, id));
          if (value === undefined) continue;
          const revived = deserialise(value);
          found[id] = (
            type === 'app-state-sync-key'
              ? proto.Message.AppStateSyncKeyData.fromObject(revived as Record<string, unknown>)
              : revived
          ) as SignalDataTypeMap[T];
        }
        return found;
      },
      set: async (data: SignalDataSet) => {
        const changes: Record<string, string | null> = {};
        for (const [type, values] of Object.entries(data) as [keyof SignalDataTypeMap, Record<string, unknown>][]) {
          for (const [id, value] of Object.entries(values ?? {})) {
            changes[signalKeyName(type, id)] = value === null || value === undefined ? null : serialise(value);
          }
        }
        if (Object.keys(changes).length > 0) await store.write(changes);
      },
    },
  };

  return {
    state,
    saveCreds: () => {
      const snapshot = serialise(state.creds);
      credsWrites = credsWrites.catch(() => undefined).then(() => store.write({ [CREDS_KEY]: snapshot }));
      return credsWrites;
    },
    isLinked: () => state.creds.account !== undefined && state.creds.account !== null && state.creds.me?.id !== undefined,
    wipe: () => store.clear(),
  };
}
