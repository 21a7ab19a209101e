import { describe, expect, it } from 'vitest';
import { sampleCluster, sampleExperts, sampleOfficials, sampleOrganizations } from '#local/sample-data';
import { INSTITUTIONS } from '#shared/domain/assignment';
import { isValidInn, isValidRegistrationNumber } from '#shared/domain/inn';
import { SECTORS } from '#shared/domain/sectors';

/** The spec's "Local runtime" section says what the first start must load. */
const organizations = sampleOrganizations();
const active = organizations.filter((org) => org.status === 'ACTIVE');

describe('sample data of the local runtime', () => {
  it("has the programme's 7,000 organizations, each with a valid INN and OGRN, no INN twice", () => {
    expect(organizations.length).toBeGreaterThanOrEqual(7_000);
    for (const org of organizations) {
      expect(isValidInn(org.inn), org.inn).toBe(true);
      expect(isValidRegistrationNumber(org.inn, org.ogrn), `${org.inn} ${org.ogrn}`).toBe(true);
    }
    expect(new Set(organizations.map((org) => org.inn)).size).toBe(organizations.length);
  });

  it('has at least 150 active organizations in every sector, and some suspended ones', () => {
    for (const sector of SECTORS) {
      expect(active.filter((org) => org.sectors.includes(sector)).length, sector).toBeGreaterThanOrEqual(150);
    }
    expect(organizations.some((org) => org.status === 'SUSPENDED')).toBe(true);
  });

  it('gives every organization a contact email', () => {
    for (const org of organizations) expect(org.email, org.inn).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  it('is the same on every call (deterministic)', () => {
    expect(sampleOrganizations()).toEqual(organizations);
    expect(sampleExperts(sampleOrganizations())).toEqual(sampleExperts(organizations));
  });

  it('has at least 6 experts in every sector, each affiliated with a registered organization', () => {
    const experts = sampleExperts(organizations);
    const registered = new Set(organizations.map((org) => org.inn));
    for (const sector of SECTORS) {
      expect(
        experts.filter((expert) => expert.sectors.includes(sector)).length,
        sector,
      ).toBeGreaterThanOrEqual(6);
    }
    for (const expert of experts) expect(registered.has(expert.affiliationInn), expert.expertId).toBe(true);
  });

  it('has at least 3 experts of each institution in every sector (joint examination)', () => {
    const experts = sampleExperts(organizations);
    for (const sector of SECTORS) {
      for (const institution of INSTITUTIONS) {
        expect(
          experts.filter((expert) => expert.sectors.includes(sector) && expert.institution === institution)
            .length,
          `${sector} ${institution}`,
        ).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('has 3 officials and a cluster of at least 30 active members', () => {
    expect(sampleOfficials()).toHaveLength(3);
    expect(sampleOfficials().filter((official) => official.role === 'HEAD' && official.active)).toHaveLength(
      1,
    );
    const { members } = sampleCluster(organizations, '2026-01-01T00:00:00.000Z');
    expect(members.length).toBeGreaterThanOrEqual(30);
    const activeInns = new Set(active.map((org) => org.inn));
    for (const member of members) expect(activeInns.has(member.inn), member.inn).toBe(true);
  });

  it('gives the sample cluster a coordinator: one of its active members', () => {
    const { cluster, members } = sampleCluster(organizations, '2026-01-01T00:00:00.000Z');
    expect(cluster.coordinatorInn).toBeDefined();
    expect(members.map((member) => member.inn)).toContain(cluster.coordinatorInn);
  });
});
