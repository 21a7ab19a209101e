import { describe, expect, it } from 'vitest';
import { applicationStatusUrl, DEPARTMENT_DEFAULTS, departmentFrom } from '#shared/department';

describe('the department', () => {
  it('takes each setting given and the default for the rest', () => {
    const department = departmentFrom({
      DEPARTMENT_NAME_EN: 'Innovation Department',
      DEPARTMENT_PHONE: '+7 495 123-45-67',
    });
    expect(department).toEqual({
      ...DEPARTMENT_DEFAULTS,
      name: { ru: DEPARTMENT_DEFAULTS.name.ru, en: 'Innovation Department' },
      phone: '+7 495 123-45-67',
    });
  });

  it('fails fast, naming the variable, on markup or a bad address', () => {
    expect(() => departmentFrom({ DEPARTMENT_NAME_RU: '<script>' })).toThrow(/DEPARTMENT_NAME_RU/);
    expect(() => departmentFrom({ DEPARTMENT_EMAIL: 'nobody' })).toThrow(/DEPARTMENT_EMAIL/);
  });

  it('links an application to its page in the portal, on the public base URL', () => {
    expect(applicationStatusUrl('app_1', { PUBLIC_BASE_URL: 'https://clusters.example.city/' })).toBe(
      'https://clusters.example.city/portal/applications/app_1',
    );
    expect(applicationStatusUrl('app_1', {})).toBeNull();
  });
});
