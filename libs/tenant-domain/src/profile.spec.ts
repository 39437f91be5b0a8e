import { changedProfile, PROFILE_FIELDS, profileOf, profileViewOf, TenantChanges, TenantProfileView } from './profile';

describe("the tenant's profile", () => {
  it('is taken from a larger object: its fields only', () => {
    const request = { name: 'Acme', adminEmail: 'a@acme.test' };
    expect(profileOf(request)).toEqual({ name: 'Acme' });
  });

  it('shows every field to readers, null where none was given', () =>
    expect(profileViewOf({ name: 'Acme' })).toEqual({
      ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, null])),
      name: 'Acme',
    }));

  it('after an update holds what changed and keeps the rest', () => {
    const tenant = { name: 'Acme', isActive: true };
    expect(changedProfile(tenant, { isActive: false })).toEqual({ name: 'Acme', isActive: false });
    expect(changedProfile(tenant, { name: 'Acme 2', isActive: undefined })).toEqual({ name: 'Acme 2', isActive: true });
    expect(changedProfile(tenant)).toEqual(tenant);
  });

  it('lets an update change each field and isActive, none required', () =>
    expect(Object.keys(TenantChanges.shape)).toEqual([...PROFILE_FIELDS, 'isActive']));

  it('shows a field that is optional in events as nullable to readers', () =>
    PROFILE_FIELDS.forEach((field) =>
      expect(TenantProfileView.shape[field].safeParse(null).success).toBe(field !== 'name'),
    ));
});
