import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../core/clock.js';
import { ContactAudience } from '../../../core/contacts/contact-audience.js';
import { exportContacts, exportContactsCsv } from '../../../core/contacts/contact-export.js';
import { InvalidFieldValueError } from '../../../core/contacts/contact-fields.js';
import { ContactImportService } from '../../../core/contacts/contact-import.service.js';
import { ContactListService } from '../../../core/contacts/contact-list.service.js';
import { ContactService } from '../../../core/contacts/contact.service.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../core/errors.js';
import { createTestDatabase, type TestDatabase } from '../../harness/db.js';
import { buildUser, bytes, csv } from './contact-factories.js';

describe('managing contacts', () => {
  let t: TestDatabase;
  let contacts: ContactService;
  let lists: ContactListService;
  let imports: ContactImportService;
  const clock = new FakeClock('2026-11-29T10:00:00Z');
  beforeAll(async () => {
    t = await createTestDatabase();
    contacts = new ContactService(t.db, clock);
    lists = new ContactListService(t.db, clock);
    imports = new ContactImportService(t.db, clock, { maxBytes: 1024 * 1024 });
  });
  afterAll(async () => t.drop());

  async function userWithContacts(): Promise<{ userId: number; listId: number }> {
    const userId = await buildUser(t.db);
    const lines = ['first name,last name,phone,telegram,company'];
    for (let i = 0; i < 25; i++) lines.push(`Person${i},Family${i},+1415555${String(1000 + i)},,Company ${i % 3}`);
    lines.push('Zoe,Quinn,,@zoe_quinn,Acme');
    const summary = await imports.run({ userId, listName: 'All', fileName: 'p.csv', source: bytes(csv(...lines)), existing: 'skip' });
    return { userId, listId: summary.listId };
  }

  it('pages through a list in import order and reports the total', async () => {
    const { userId, listId } = await userWithContacts();
    const first = await contacts.page(userId, { listId, offset: 0, limit: 10 });
    const third = await contacts.page(userId, { listId, offset: 20, limit: 10 });
    expect(first.total).toBe(26);
    expect(first.items.map((c) => c.firstName)).toEqual(Array.from({ length: 10 }, (_, i) => `Person${i}`));
    expect(third.items.map((c) => c.firstName)).toEqual(['Person20', 'Person21', 'Person22', 'Person23', 'Person24', 'Zoe']);
  });

  it('searches by name (either order), phone (digits or as written nationally), username (with @ or a t.me link) and company, only among the user’s own contacts', async () => {
    const { userId } = await userWithContacts();
    const other = await userWithContacts();
    expect((await contacts.page(userId, { search: 'person1' })).total).toBe(11);
    expect((await contacts.page(userId, { search: '555 1007' })).items.map((c) => c.firstName)).toEqual(['Person7']);
    expect((await contacts.page(userId, { search: 'zoe_q' })).items.map((c) => c.username)).toEqual(['zoe_quinn']);
    expect((await contacts.page(userId, { search: 'acme' })).total).toBe(1);
    // As people write them: "@name", a t.me link, surname first, a number written nationally.
    expect((await contacts.page(userId, { search: '@zoe_quinn' })).items.map((c) => c.username)).toEqual(['zoe_quinn']);
    expect((await contacts.page(userId, { search: 'https://t.me/zoe_quinn' })).items.map((c) => c.username)).toEqual(['zoe_quinn']);
    expect((await contacts.page(userId, { search: 'Quinn Zoe' })).items.map((c) => c.username)).toEqual(['zoe_quinn']);
    await imports.setDefaultCountry(userId, 'RU');
    await contacts.create(userId, { firstName: 'Ivan', phone: '+7 916 123-45-67' });
    expect((await contacts.page(userId, { search: '8 (916) 123-45-67' })).items.map((c) => c.firstName)).toEqual(['Ivan']);
    const found = await contacts.page(userId, { search: 'Zoe' });
    expect(found.total).toBe(1);
    expect((await contacts.page(other.userId, { search: 'Zoe' })).items[0]!.id).not.toBe(found.items[0]!.id);
  });

  it('edits fields with the same normalisation as an import, and refuses bad or taken values', async () => {
    const { userId } = await userWithContacts();
    const [first, second] = (await contacts.page(userId, { limit: 2 })).items;
    const edited = await contacts.editField(userId, first!.id, 'phone', '+49 (30) 765-4321');
    expect(edited.phone).toBe('+49307654321');
    expect((await contacts.editField(userId, first!.id, 'username', 'https://t.me/new_name')).username).toBe('new_name');
    await expect(contacts.editField(userId, first!.id, 'email', 'not an email')).rejects.toBeInstanceOf(InvalidFieldValueError);
    await expect(contacts.editField(userId, second!.id, 'phone', '+49 30 7654321')).rejects.toBeInstanceOf(ConflictError);
    const cleared = await contacts.editField(userId, first!.id, 'phone', null);
    expect(cleared).toMatchObject({ phone: null, username: 'new_name', reachable: true });
    await expect(contacts.editField(userId, second!.id, 'phone', '')).rejects.toBeInstanceOf(ValidationError);
    const custom = await contacts.setCustomField(userId, first!.id, 'Deal Stage', 'hot');
    expect(custom.custom).toEqual({ deal_stage: 'hot' });
    // A contact field's name would never reach templates as a custom field: refused, like a name that is no key.
    await expect(contacts.setCustomField(userId, first!.id, 'Email', 'x@example.com')).rejects.toMatchObject({ problem: 'FIELD_KEY' });
    await expect(contacts.setCustomField(userId, first!.id, '2nd stage', 'x')).rejects.toMatchObject({ problem: 'INVALID_KEY' });
    expect((await contacts.get(userId, first!.id)).custom).toEqual({ deal_stage: 'hot' });
  });

  it('never lets one user read or change another user’s contact', async () => {
    const alice = await userWithContacts();
    const bob = await buildUser(t.db);
    const target = (await contacts.page(alice.userId, { limit: 1 })).items[0]!;
    await expect(contacts.get(bob, target.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(contacts.editField(bob, target.id, 'company', 'Hacked')).rejects.toBeInstanceOf(NotFoundError);
    await expect(contacts.delete(bob, target.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(contacts.setOptedOut(bob, target.id, true)).rejects.toBeInstanceOf(NotFoundError);
    await expect(lists.delete(bob, alice.listId, true)).rejects.toBeInstanceOf(NotFoundError);
    expect((await contacts.get(alice.userId, target.id)).company).toBe(target.company);
  });

  it('adds a contact by hand, tags it, opts it out and deletes it', async () => {
    const userId = await buildUser(t.db, { defaultCountry: 'DE' });
    const list = await lists.ensure(userId, 'Manual');
    const added = await contacts.create(userId, { firstName: 'Hans', phone: '030 1234567', email: 'HANS@example.com' }, list.id);
    expect(added).toMatchObject({ phone: '+49301234567', email: 'hans@example.com', lists: ['Manual'], reachable: true });
    await expect(contacts.create(userId, { firstName: 'No id' })).rejects.toBeInstanceOf(ValidationError);
    await expect(contacts.create(userId, { phone: '+49 30 1234567' })).rejects.toBeInstanceOf(ConflictError);
    expect((await contacts.addTag(userId, added.id, ' VIP ')).tags).toEqual(['vip']);
    expect((await contacts.addTag(userId, added.id, 'vip')).tags).toEqual(['vip']);
    expect(await contacts.tags(userId)).toEqual([{ tag: 'vip', count: 1 }]);
    expect((await contacts.setOptedOut(userId, added.id, true)).optedOut).toBe(true);
    expect((await contacts.removeTag(userId, added.id, 'vip')).tags).toEqual([]);
    await contacts.delete(userId, added.id);
    await expect(contacts.get(userId, added.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('deletes a list with only the contacts that are in no other list', async () => {
    const userId = await buildUser(t.db);
    const a = await imports.run({ userId, listName: 'A', fileName: 'a.csv', source: bytes(csv('phone', '+14155552001', '+14155552002')), existing: 'skip' });
    await imports.run({ userId, listName: 'B', fileName: 'b.csv', source: bytes(csv('phone', '+14155552002')), existing: 'skip' });
    expect(await lists.delete(userId, a.listId, true)).toBe(1);
    expect((await contacts.page(userId)).items.map((c) => c.phone)).toEqual(['+14155552002']);
    expect((await lists.lists(userId)).map((l) => [l.name, l.size])).toEqual([['B', 1]]);
  });

  it('counts and selects campaign audiences by lists and tags minus excluded tags', async () => {
    const { userId, listId } = await userWithContacts();
    const page = (await contacts.page(userId, { limit: 4 })).items;
    await contacts.addTag(userId, page[0]!.id, 'vip');
    await contacts.addTag(userId, page[1]!.id, 'vip');
    await contacts.addTag(userId, page[1]!.id, 'blocked');
    await contacts.addTag(userId, page[2]!.id, 'vip');
    await contacts.setOptedOut(userId, page[2]!.id, true);
    const audience = new ContactAudience(t.db);
    expect(await audience.count(userId, { listIds: [listId] })).toEqual({ total: 26, sendable: 26 - 1 });
    expect(await audience.count(userId, { listIds: [listId], tags: ['VIP'], excludedTags: ['blocked'] })).toEqual({ total: 2, sendable: 1 });
    expect((await audience.select(userId, { tags: ['vip'] }, { limit: 10 })).map((c) => c.id)).toEqual([page[0]!.id, page[1]!.id]);
    expect(await audience.count(await buildUser(t.db), { listIds: [listId] })).toEqual({ total: 0, sendable: 0 });
  });

  it('exports contacts as JSON objects and as CSV with formulas neutralised', async () => {
    const userId = await buildUser(t.db);
    await imports.run({
      userId,
      listName: 'X',
      fileName: 'x.csv',
      source: bytes(csv('name,phone,company,note', 'Eve Evil,+14155553001,=cmd|calc!A1,@SUM(1)', 'Ann Good,+14155553002,Fine Co,')),
      existing: 'skip',
    });
    const rows = [];
    for await (const row of exportContacts(t.db, userId)) rows.push(row);
    expect(rows[0]).toEqual({
      first_name: 'Eve', last_name: 'Evil', phone: '+14155553001', username: null, email: null, company: '=cmd|calc!A1',
      position: null, country: null, city: null, tags: [], custom: { note: '@SUM(1)' },
    });
    let text = '';
    for await (const chunk of exportContactsCsv(t.db, userId)) text += chunk;
    const lines = text.trim().split('\n');
    expect(lines[0]).toBe('first_name,last_name,phone,username,email,company,position,country,city,tags,note');
    expect(lines[1]).toBe("Eve,Evil,+14155553001,,,'=cmd|calc!A1,,,,,'@SUM(1)");
  });
});
