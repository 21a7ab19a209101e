import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { Expert } from '#shared/domain/assignment';
import { ConflictError, PayloadTooLargeError, ValidationError } from '#shared/errors';
import { consoleFormErrors, importRowReason } from '#shared/http/console-forms';
import { localizedMessage, russianMessage } from '#shared/http/error-messages';
import { importPage, newPersonPage, personPage } from '#shared/pages/admin/directory-pages';
import { consoleFormSchemas, operatorApplicationsQuerySchema } from '#shared/schemas/admin';
import { directoryFormSchemas, directoryImportFormSchema } from '#shared/schemas/directory';
import { parseWith } from '#shared/schemas/parse';
import { importExperts } from '#shared/use-cases/import-directory';
import { csvRows } from '#shared/use-cases/import-registry';

/**
 * The console's refused forms speak both languages, Russian first: every field an operator can get
 * wrong has its own words, a use-case's refusal (a taken email, an expert who may not review) too,
 * and what concerns no field says the API's words for its code. The pages put the summary first,
 * the title starting with «Ошибка», each problem linked to an element that exists.
 */

const refusal = (schema: z.ZodType, value: unknown) => {
  try {
    parseWith(schema, value, 'the form');
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('the form was accepted');
};

/** The new expert form refused for `fields` (the others valid). */
const newExpertErrors = (fields: Record<string, unknown>) =>
  consoleFormErrors(
    refusal(directoryFormSchemas.experts.new, {
      name: 'Анна',
      email: 'a@example.org',
      institution: 'CITY',
      sectors: ['it'],
      affiliationInn: '7707083893',
      ...fields,
    }),
  );

const CYRILLIC = /[А-Яа-яЁё]/;

/** Every field of the console's forms, as the forms post them. */
function formFieldNames(): string[] {
  const schemas: z.ZodType[] = [
    ...Object.values(consoleFormSchemas),
    ...Object.values(directoryFormSchemas).flatMap((forms) => Object.values(forms)),
    directoryImportFormSchema,
    operatorApplicationsQuerySchema,
  ];
  const names = new Set<string>();
  const collect = (schema: z.ZodType) => {
    const def = (schema as unknown as { def: { type: string; shape?: object; options?: z.ZodType[] } }).def;
    if (def.shape) for (const name of Object.keys(def.shape)) names.add(name);
    for (const option of def.options ?? []) collect(option);
  };
  for (const schema of schemas) collect(schema);
  names.delete('csrfToken');
  return [...names].sort();
}

describe('the console form errors', () => {
  it('have Russian and English words of their own for every field of every console form', () => {
    const fields = formFieldNames();
    expect(fields).toEqual(
      expect.arrayContaining([
        'name',
        'email',
        'sectors',
        'affiliationInn',
        'to',
        'reason',
        'confirm',
        'csv',
      ]),
    );
    for (const field of fields) {
      const [error] = consoleFormErrors(
        new ValidationError('the form is not valid', [{ path: field, message: 'Invalid input' }]),
      );
      expect(error?.field, field).toBe(field);
      expect(error?.message.ru, field).toMatch(CYRILLIC);
      expect(error?.message.ru, field).not.toContain('Invalid input');
      expect(error?.message.en, field).not.toContain('Invalid input');
    }
  });

  it('name each wrong field of an expert form once, in both languages', () => {
    const errors = newExpertErrors({
      name: 'Анна\u0007',
      email: 'nope',
      institution: 'NOWHERE',
      sectors: ['it', 'no-such-sector'],
      affiliationInn: '7707083894',
    });
    expect(errors.map((error) => error.field)).toEqual([
      'name',
      'email',
      'institution',
      'sectors',
      'affiliationInn',
    ]);
    expect(errors.find((error) => error.field === 'email')?.message).toEqual({
      ru: 'Укажите адрес электронной почты, например name@example.ru.',
      en: 'Enter an email address such as name@example.ru.',
    });
    expect(errors.find((error) => error.field === 'affiliationInn')?.message.ru).toContain(
      'контрольной цифрой',
    );
  });

  it('name the empty choice, the missing reason and the unticked box of the application forms', () => {
    expect(
      consoleFormErrors(refusal(consoleFormSchemas.reassign, { task: 'REVIEW', from: 'exp_1' })).map(
        (e) => e.field,
      ),
    ).toEqual(['to']);
    const cancel = consoleFormErrors(refusal(consoleFormSchemas.cancel, {}));
    expect(cancel.map((error) => error.field)).toEqual(['reason', 'confirm']);
    expect(cancel[1]?.message.ru).toMatch(/^Отметьте подтверждение/);
    // A page edited or out of date: the hidden fields.
    const hidden = consoleFormErrors(refusal(consoleFormSchemas.reassign, { task: 'LUNCH', to: 'exp_2' }));
    expect(hidden).toEqual([
      { field: 'task', message: expect.objectContaining({ ru: expect.stringMatching(/устарела/) }) },
    ]);
    const unknown = consoleFormErrors(refusal(consoleFormSchemas.redrive, { extra: 'x' }));
    expect(unknown).toEqual([
      {
        field: '',
        message: { ru: 'Лишние поля в форме: extra.', en: 'The form has unknown fields: extra.' },
      },
    ]);
  });

  it('word the use-cases’ refusals: a person who may not take the task, a taken email or id', () => {
    const chosen = (message: string) =>
      consoleFormErrors(new ValidationError(message, [{ path: 'to', message }]))[0]?.message;
    expect(chosen('no expert exp_9 in the directory')?.ru).toMatch(/нет в справочнике/);
    expect(chosen('expert exp_9 is deactivated')?.ru).toMatch(/отключён/);
    expect(chosen('official off_9 is not active')?.ru).toMatch(/отключён/);
    expect(chosen('expert exp_9 has already been assigned to this application')?.ru).toMatch(
      /уже был назначен/,
    );
    expect(
      chosen('expert exp_9 is affiliated with the applicant or a member (conflict of interest)')?.ru,
    ).toMatch(/конфликт интересов/);
    expect(chosen('official off_2 already holds the sign-off')?.en).toBe(
      'This official holds the sign-off already: choose another.',
    );
    const email = consoleFormErrors(
      new ConflictError('another person in the directory has this email', 'DUPLICATE_EMAIL', [
        { path: 'email', message: 'already in the directory' },
      ]),
    );
    expect(email).toEqual([
      { field: 'email', message: expect.objectContaining({ ru: expect.stringMatching(/уже у другого/) }) },
    ]);
  });

  it('say what concerns no field with the API’s Russian for its code and the English message', () => {
    expect(
      consoleFormErrors(new ConflictError('application a1 is IN_REVIEW, not FAILED', 'NOT_FAILED')),
    ).toEqual([
      {
        field: '',
        message: {
          ru: 'Повторный запуск возможен только для заявки в статусе FAILED',
          en: 'application a1 is IN_REVIEW, not FAILED',
        },
      },
    ]);
    expect(
      consoleFormErrors(new ConflictError('the review was answered', 'TASK_NOT_OPEN'))[0]?.message.ru,
    ).toMatch(/не открыта/);
    expect(
      consoleFormErrors(new PayloadTooLargeError('the body is larger than 524288 bytes'))[0]?.message,
    ).toEqual({
      ru: expect.stringMatching(/^Файл больше 512 КиБ/),
      en: expect.stringMatching(/^The file is larger than 512 KiB/),
    });
  });
});

describe('the operator API’s error messages', () => {
  it('word its own codes in Russian too, as the public API does (the code unchanged)', () => {
    const generic = russianMessage('SOMETHING_ELSE', 409);
    for (const code of [
      'TASK_NOT_OPEN',
      'NOT_IN_REVIEW',
      'NOT_AWAITING_SIGNOFF',
      'GUARD_TAKEN',
      'DUPLICATE_EMAIL',
      'ALREADY_EXISTS',
      'NOT_FAILED',
    ]) {
      expect(russianMessage(code, 409), code).not.toBe(generic);
      expect(russianMessage(code, 409), code).toMatch(CYRILLIC);
    }
    expect(
      localizedMessage('DUPLICATE_EMAIL', 409, 'another person in the directory has this email', 'both'),
    ).toBe(
      'Этот адрес электронной почты уже у другого человека в справочнике / another person in the directory has this email',
    );
  });
});

describe('the directory pages with a refused form', () => {
  const anchors = (page: string) => [...page.matchAll(/<a href="#([^"]+)"/g)].map((match) => match[1] ?? '');
  const ids = (page: string) => new Set([...page.matchAll(/ id="([^"]+)"/g)].map((match) => match[1]));
  const summaryOf = (page: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(page)?.[0] ?? '';

  it('start with the summary, the title prefixed «Ошибка», each problem linked to its field in both languages', () => {
    const errors = newExpertErrors({ email: 'nope', sectors: [] });
    const page = newPersonPage('experts', {
      operatorId: 'anna',
      csrfToken: 't',
      errors,
      values: { email: 'nope' },
    });
    expect(page).toMatch(/<title>Ошибка: Новый эксперт \/ Error: New expert/);
    expect(page.indexOf('class="error-summary"')).toBeLessThan(page.indexOf('<h1>'));
    const summary = summaryOf(page);
    expect(anchors(summary)).toEqual(['f-email', 'f-sectors']);
    for (const anchor of anchors(summary)) expect(ids(page).has(anchor), anchor).toBe(true);
    expect(summary).toContain(
      'Укажите адрес электронной почты, например name@example.ru. <span class="en" lang="en">/ Enter an email address',
    );
    expect(page).toContain(
      'id="f-email" name="email" type="email" value="nope" required aria-invalid="true" aria-describedby="f-email-error"',
    );
  });

  it('link a problem with the deactivate button to its form, and the import’s to its one field', () => {
    const expert: Expert = {
      expertId: 'exp_1',
      name: 'Анна',
      email: 'a@example.org',
      institution: 'CITY',
      sectors: ['it'],
      affiliationInn: '7707083893',
      active: true,
      openAssignments: 0,
    };
    const person = personPage('experts', expert, [], {
      operatorId: 'anna',
      csrfToken: 't',
      errors: consoleFormErrors(refusal(directoryFormSchemas.experts.change, { active: 'maybe' })),
    });
    const targets = anchors(summaryOf(person));
    expect(targets.length).toBeGreaterThan(0);
    for (const anchor of targets) expect(ids(person).has(anchor), anchor).toBe(true);

    const tooLarge = importPage('experts', {
      operatorId: 'anna',
      csrfToken: 't',
      errors: consoleFormErrors(new PayloadTooLargeError('the body is larger than 524288 bytes')),
    });
    expect(anchors(summaryOf(tooLarge))).toEqual(['f-csv']);
    expect(tooLarge).toContain('<p class="error" id="f-csv-error">Файл больше 512 КиБ');
    expect(tooLarge).toMatch(/<title>Ошибка: Загрузка CSV/);
  });
});

describe('the CSV import’s rejected rows on the console', () => {
  it('say every reason the import gives in Russian, then English', async () => {
    const csv = [
      'expertId,name,email,institution,sectors,affiliationInn,active',
      'exp_1,Анна,taken@example.org,CITY,it,7707083893,',
      'exp_bad,,nope,MOON,astrology,7707083894,maybe',
      'exp_1,Анна,a@example.org,CITY,it,7707083893,',
      'exp_3,Борис,anna@example.org,CITY,it,7707083893,',
      ',Без идентификатора,c@example.org,CITY,it,7707083893,',
    ].join('\n');
    const stored: Expert = {
      expertId: 'exp_0',
      name: 'Анна',
      email: 'anna@example.org',
      institution: 'CITY',
      sectors: ['it'],
      affiliationInn: '7707083893',
      active: true,
      openAssignments: 0,
    };
    const report = await importExperts(csvRows(Readable.from([csv])), {
      dryRun: true,
      directory: {
        listExperts: async () => [stored],
        createExpert: async () => undefined,
        updateExpert: async () => undefined,
        listOfficials: async () => [],
        createOfficial: async () => undefined,
        updateOfficial: async () => undefined,
      } as never,
    });
    const reasons = report.rejected.flatMap((row) => row.reasons);
    expect(reasons).toEqual(
      expect.arrayContaining(
        [
          /^duplicate:/,
          /has this email already$/,
          /^expertId:/,
          /^name:/,
          /^email:/,
          /^institution:/,
          /^sectors\[0\]:/,
          /^affiliationInn:/,
          /^active:/,
        ].map((pattern) => expect.stringMatching(pattern)),
      ),
    );
    for (const reason of reasons) {
      const message = importRowReason(reason);
      expect(message.ru, reason).toMatch(CYRILLIC);
      expect(message.ru, reason).not.toMatch(/^строка не принята/);
      expect(message.en.length, reason).toBeGreaterThan(0);
    }
    expect(importRowReason('duplicate: the same expertId is on line 2').ru).toBe(
      'повтор: тот же expertId в строке 2',
    );
  });
});
