import { RoleService } from '../../bot/roles/service';
import { OpenedStore, storeKinds } from '../helpers/stores';

const A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const C = 'cccccccc-0000-4000-8000-00000000000c';

describe.each(storeKinds)('roles on $name', (kind) => {
  let opened: OpenedStore;
  let roles: RoleService;

  beforeEach(async () => {
    opened = await kind.open();
    roles = new RoleService(opened.store);
  });
  afterEach(() => opened.cleanup());

  test('two admins revoking each other at the same moment leave one admin, never none', async () => {
    await roles.grant(A, 'admin', 'setup');
    await roles.grant(B, 'admin', 'setup');
    const outcomes = await Promise.all([roles.revoke(A, 'admin', B), roles.revoke(B, 'admin', A)]);
    expect(outcomes.sort()).toEqual(['lastAdmin', 'revoked']);
    expect(await roles.holders('admin')).toHaveLength(1);
  });

  test('concurrent grants to different people all land', async () => {
    await Promise.all([roles.grant(A, 'helpdesk-agent', 's'), roles.grant(B, 'billing-admin', 's'), roles.grant(C, 'sales-agent', 's')]);
    expect(await roles.all()).toEqual([
      { aadObjectId: A, roles: ['helpdesk-agent'] },
      { aadObjectId: B, roles: ['billing-admin'] },
      { aadObjectId: C, roles: ['sales-agent'] },
    ]);
  });

  test('roles stored one document per person by an earlier build are kept', async () => {
    const legacy = opened.store.collection<object>('roles');
    await legacy.create('partner', A, { aadObjectId: A, roles: ['admin'], updatedAt: '2026-01-01T00:00:00Z', updatedBy: 'x' });
    await legacy.create('partner', B, { aadObjectId: B, roles: ['helpdesk-agent'], updatedAt: '2026-01-01T00:00:00Z', updatedBy: 'x' });
    expect(await roles.rolesOf(A)).toEqual(['admin']);
    expect(await roles.holders('helpdesk-agent')).toEqual([B]);
    expect(await roles.revoke(A, 'admin', B)).toBe('lastAdmin');
  });
});
