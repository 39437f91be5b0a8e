import { createEventStore, EventStoreMisconfigured } from './create-event-store';

describe('createEventStore', () => {
  it('selects PostgreSQL by default kind, connecting on first use', async () => {
    const store = createEventStore({ kind: 'postgres', postgresUrl: 'postgres://nobody@127.0.0.1:1/none' });
    expect(store.kind).toBe('postgres');
    await store.close();
  });

  it('selects KurrentDB with EVENT_STORE=kurrentdb', async () => {
    const store = createEventStore({
      kind: 'kurrentdb',
      postgresUrl: 'unused',
      kurrentdbUrl: 'kurrentdb://127.0.0.1:1?tls=false',
    });
    expect(store.kind).toBe('kurrentdb');
    await store.close();
  });

  it('refuses kurrentdb without KURRENTDB_URL, saying what to set', () => {
    expect(() => createEventStore({ kind: 'kurrentdb', postgresUrl: 'unused' })).toThrow(EventStoreMisconfigured);
    expect(() => createEventStore({ kind: 'kurrentdb', postgresUrl: 'unused' })).toThrow(/KURRENTDB_URL/);
  });
});
