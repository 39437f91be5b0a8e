import type { TenantView } from '@tenantry/read-model';
import { startingVersion } from './tenant-view-feeds';

const at = (version: number) => ({ version }) as TenantView;

describe('startingVersion', () => {
  it('starts at the current version: only later changes are given', () => {
    expect(startingVersion(undefined, at(4))).toBe(4);
  });

  it('starts before the first version announced since subscribing when the table already had it', () => {
    expect(startingVersion(5, at(5))).toBe(4);
    expect(startingVersion(5, at(6))).toBe(4);
  });

  it('starts at the current version when what was announced came after it', () => {
    expect(startingVersion(7, at(6))).toBe(6);
  });

  it('starts before version 0 for a tenant that does not exist yet', () => {
    expect(startingVersion(undefined, undefined)).toBe(-1);
    expect(startingVersion(0, undefined)).toBe(-1);
  });
});
