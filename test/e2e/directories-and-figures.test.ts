import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { approveReview, joinClusterBody, sample } from '#test/support/api-client';
import { answerReviews, FINAL_STATUSES, signOff, submitAs, suiteClient } from '#test/support/e2e';
import { DIRECTORY_PEOPLE, directoryCsv } from '#test/support/request-bodies';

/**
 * The expert and official directories and the programme figures, through
 * HTTP against the local runtime: the JSON API (validation, duplicates,
 * unknown ids, paging, deactivation listing the open tasks, CSV import with
 * its report) and the console pages (CSRF on every form), and
 * `GET /admin/api/metrics` moving with a join application taken to a decision.
 */
const client = suiteClient();
const unique = randomBytes(4).toString('hex');
/** Join candidates no other test file uses. */
const applicantAt = (index: number) => sample.joinCandidate(150 + index);
const INN = '7707083893';

// biome-ignore lint/suspicious/noExplicitAny: JSON answers read field by field
type Json = Record<string, any>;

const newExpert = (id: string, overrides: Json = {}) => ({
  expertId: id,
  name: `Эксперт ${id}`,
  email: `${id}@experts.e2e.example`,
  institution: 'CITY',
  sectors: ['electronics'],
  affiliationInn: INN,
  // Inactive from the start: the other tests' applications never get these experts.
  active: false,
  ...overrides,
});

/** A console page's CSRF cookie and token, as its forms post them. */
async function consoleForm(operator: string, path: string) {
  const page = await client.request('GET', path, { token: operator, headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  return {
    cookie: (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    csrfToken: /name="csrfToken" value="([^"]+)"/.exec(String(page.body))?.[1] ?? '',
  };
}

describe('the expert directory API', () => {
  it('adds an expert, refuses a duplicate id or email (409) and a bad body (400 with paths), lists it', async () => {
    const operator = await client.operatorLogin('e2e.directories');
    const id = `exp_e2e_${unique}`;

    const created = await client.request('POST', '/admin/api/experts', {
      token: operator,
      body: newExpert(id),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ expertId: id, active: false, openAssignments: 0 });

    const sameId = await client.request('POST', '/admin/api/experts', {
      token: operator,
      body: newExpert(id, { email: `other.${id}@experts.e2e.example` }),
    });
    expect(sameId.status).toBe(409);
    expect(sameId.body.error).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ path: 'expertId' }] });
    const sameEmail = await client.request('POST', '/admin/api/experts', {
      token: operator,
      body: newExpert(`${id}_2`, { email: created.body.email.toUpperCase() }),
    });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error).toMatchObject({ code: 'DUPLICATE_EMAIL', details: [{ path: 'email' }] });

    const bad = await client.request('POST', '/admin/api/experts', {
      token: operator,
      body: {
        ...newExpert(`${id}_3`),
        institution: 'MOON',
        sectors: ['astrology'],
        affiliationInn: '7707083894',
        extra: 1,
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(
      ['affiliationInn', 'extra', 'institution', 'sectors[0]'].sort(),
    );

    const unknown = await client.request('PUT', '/admin/api/experts/exp_nobody_here', {
      token: operator,
      body: { active: false },
    });
    expect(unknown.status).toBe(404);

    const changed = await client.request('PUT', `/admin/api/experts/${id}`, {
      token: operator,
      body: { name: 'Новое имя', sectors: ['robotics', 'electronics', 'robotics'] },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      name: 'Новое имя',
      sectors: ['electronics', 'robotics'],
      openTasks: [],
    });

    // Paging: a small page has a cursor; following the cursors finds the new expert.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await client.request('GET', `/admin/api/experts${query}`, { token: operator });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((expert: { expertId: string }) => expert.expertId));
      cursor = page.body.next;
    } while (cursor);
    expect(seen).toContain(id);
    expect(seen.length).toBeGreaterThanOrEqual(13 * 6);
  });

  it('deactivates an expert who holds a review: the answer lists it for reassignment', async () => {
    const operator = await client.operatorLogin('e2e.directories');
    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicantAt(0), sample.cluster.clusterId),
    );
    const [link] = await client.waitForLinks(applicationId, 'reviews', 1);
    const email = (await client.outbox(applicationId)).find((entry) => entry.links.includes(link ?? ''))
      ?.to[0];
    const experts: Json[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await client.request(
        'GET',
        `/admin/api/experts?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { token: operator },
      );
      experts.push(...page.body.items);
      cursor = page.body.next;
    } while (cursor);
    const holder = experts.find((expert) => expert.email === email);
    expect(holder, `the expert emailed ${email}`).toBeDefined();

    try {
      const deactivated = await client.request('PUT', `/admin/api/experts/${holder?.expertId}`, {
        token: operator,
        body: { active: false },
      });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);
      expect(deactivated.body.openTasks).toEqual([
        expect.objectContaining({ applicationId, task: 'REVIEW', deadline: expect.any(String) }),
      ]);
      const page = await client.request('GET', `/admin/experts/${holder?.expertId}`, {
        token: operator,
        headers: { accept: 'text/html' },
      });
      expect(page.status).toBe(200);
      expect(page.body).toContain(`/admin/applications/${applicationId}`);
    } finally {
      await client.request('PUT', `/admin/api/experts/${holder?.expertId}`, {
        token: operator,
        body: { active: true },
      });
      await client.withdraw(token, applicationId);
    }
  });

  it('imports a CSV with a per-row report; the same file again changes nothing', async () => {
    const operator = await client.operatorLogin('e2e.directories');
    const csv = [
      'expertId,name,email,institution,sectors,affiliationInn,active',
      `exp_csv_a_${unique},Анна Импортова,a.${unique}@csv.example,CITY,it;electronics,${INN},false`,
      `exp_csv_b_${unique},"Борис ""Б"" Импортов",b.${unique}@csv.example,partner_institution,robotics,${INN},no`,
      `exp_csv_c_${unique},Bad,not-an-email,MOON,astrology,7707083894,maybe`,
      `exp_csv_a_${unique},Again,again.${unique}@csv.example,CITY,it,${INN},false`,
    ].join('\n');
    const post = (query = '') =>
      client.request('POST', `/admin/api/experts/import${query}`, {
        token: operator,
        rawBody: csv,
        headers: { 'content-type': 'text/csv; charset=utf-8' },
      });

    const dry = await post('?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ rows: 4, created: 2, dryRun: true });
    expect(
      (await client.request('GET', `/admin/api/experts/exp_csv_a_${unique}`, { token: operator })).status,
    ).toBe(404);

    const first = await post();
    expect(first.body).toMatchObject({ rows: 4, created: 2, updated: 0, unchanged: 0, dryRun: false });
    expect(first.body.rejected).toEqual([
      {
        line: 4,
        key: `exp_csv_c_${unique}`,
        reasons: expect.arrayContaining([
          expect.stringMatching(/^email:/),
          expect.stringMatching(/^institution:/),
          expect.stringMatching(/^sectors\[0\]:/),
          expect.stringMatching(/^affiliationInn:/),
          expect.stringMatching(/^active:/),
        ]),
      },
      { line: 5, key: `exp_csv_a_${unique}`, reasons: ['duplicate: the same expertId is on line 2'] },
    ]);
    const b = await client.request('GET', `/admin/api/experts/exp_csv_b_${unique}`, { token: operator });
    expect(b.body).toMatchObject({
      name: 'Борис "Б" Импортов',
      institution: 'PARTNER_INSTITUTION',
      active: false,
    });

    const again = await post();
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const wrongType = await client.request('POST', '/admin/api/experts/import', {
      token: operator,
      body: { csv },
    });
    expect(wrongType.status).toBe(415);
  });

  it(`checks a directory of ${DIRECTORY_PEOPLE} people in one request, as CSV and pasted in the console`, async () => {
    const operator = await client.operatorLogin('e2e.directories');
    const csv = directoryCsv('experts');
    const started = Date.now();
    const api = await client.request('POST', '/admin/api/experts/import?dryRun=true', {
      token: operator,
      rawBody: csv,
      headers: { 'content-type': 'text/csv; charset=utf-8' },
    });
    const apiMs = Date.now() - started;
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      rows: DIRECTORY_PEOPLE,
      created: DIRECTORY_PEOPLE,
      rejected: [],
      dryRun: true,
    });

    const { cookie, csrfToken } = await consoleForm(operator, '/admin/experts/import');
    const form = new URLSearchParams({ csrfToken, csv, dryRun: 'true' }).toString();
    expect(Buffer.byteLength(form)).toBeGreaterThan(400_000);
    const page = await client.request('POST', '/admin/experts/import', {
      token: operator,
      rawBody: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`Строк: ${DIRECTORY_PEOPLE}; новых: ${DIRECTORY_PEOPLE};`);
    console.log(`[directory import] ${DIRECTORY_PEOPLE} experts checked through the API in ${apiMs} ms`);
  });
});

describe('the official directory API', () => {
  it('adds, edits and deactivates an official', async () => {
    const operator = await client.operatorLogin('e2e.directories');
    const id = `off_e2e_${unique}`;
    const created = await client.request('POST', '/admin/api/officials', {
      token: operator,
      body: { officialId: id, name: 'Пётр Тестов', email: `${id}@dept.e2e.example`, active: false },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ officialId: id, role: 'OFFICIAL', active: false });
    const head = await client.request('PUT', `/admin/api/officials/${id}`, {
      token: operator,
      body: { role: 'HEAD', position: 'Заместитель' },
    });
    expect(head.body).toMatchObject({ role: 'HEAD', position: 'Заместитель', active: false, openTasks: [] });
    const bad = await client.request('PUT', `/admin/api/officials/${id}`, {
      token: operator,
      body: { role: 'KING' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'role' })]);
    const list = await client.request('GET', '/admin/api/officials?limit=100', { token: operator });
    expect(
      list.body.items.filter((official: Json) => official.role === 'HEAD' && official.active).length,
    ).toBeGreaterThan(0);
  });
});

describe('the directory console pages', () => {
  it('add an expert from a form only with the page’s CSRF token', async () => {
    const operator = await client.operatorLogin('e2e.directories');
    const { cookie, csrfToken } = await consoleForm(operator, '/admin/experts/new');
    expect(csrfToken.length).toBeGreaterThan(20);
    const id = `exp_form_${unique}`;
    const fields = new URLSearchParams({
      expertId: id,
      name: 'Форма Формова',
      email: `${id}@form.example`,
      institution: 'CITY',
      affiliationInn: INN,
    });
    fields.append('sectors', 'it');
    fields.append('sectors', 'robotics');
    const post = (extra: Record<string, string>, headers: Record<string, string>) =>
      client.request('POST', '/admin/experts', {
        token: operator,
        rawBody: new URLSearchParams([...fields, ...Object.entries(extra)]).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...headers },
      });

    expect((await post({}, { cookie })).status).toBe(403);
    expect((await post({ csrfToken }, {})).status).toBe(403);
    const done = await post({ csrfToken }, { cookie });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe(`/admin/experts/${id}?saved=1`);
    const page = await client.request('GET', `/admin/experts/${id}`, {
      token: operator,
      headers: { accept: 'text/html', cookie },
    });
    expect(page.body).toContain('Форма Формова');

    // Deactivate from the page's own form.
    const deactivate = await client.request('POST', `/admin/experts/${id}`, {
      token: operator,
      rawBody: new URLSearchParams({ csrfToken, active: 'false' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
    });
    expect(deactivate.status).toBe(200);
    expect((await client.request('GET', `/admin/api/experts/${id}`, { token: operator })).body.active).toBe(
      false,
    );

    // A form with a problem comes back 400 with the summary linking to the field.
    fields.set('expertId', `${id}_2`);
    fields.set('email', 'nope');
    const invalid = await post({ csrfToken }, { cookie });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toContain('href="#f-email"');
    expect(invalid.body).toContain('<title>Ошибка');
    expect(invalid.body).toContain(
      'Укажите адрес электронной почты, например name@example.ru. <span class="en" lang="en">/ Enter an email address',
    );

    // Another person's email: 409, said on the field in both languages.
    fields.set('email', `${id}@form.example`);
    const taken = await post({ csrfToken }, { cookie });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatch(/<a href="#f-email">Этот адрес уже у другого человека в справочнике/);

    // The import form sent empty: 400, the summary linked to its one field.
    const emptyImport = await client.request('POST', '/admin/experts/import', {
      token: operator,
      rawBody: new URLSearchParams({ csrfToken, csv: '  ' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', cookie },
    });
    expect(emptyImport.status).toBe(400);
    expect(emptyImport.body).toContain(
      '<a href="#f-csv">Вставьте содержимое CSV-файла. <span class="en" lang="en">/ Paste the content of the CSV file.</span></a>',
    );
  });
});

describe('the programme figures', () => {
  it('count a join application taken to a decision, with stage times, load and the approval rate', async () => {
    const operator = await client.operatorLogin('e2e.figures');
    const before = (await client.request('GET', '/admin/api/metrics', { token: operator })).body;
    const month = (figures: Json) => figures.windows.find((window: Json) => window.days === 30);

    const { token, applicationId } = await submitAs(
      client,
      joinClusterBody(applicantAt(1), sample.cluster.clusterId),
    );
    await answerReviews(client, applicationId, [approveReview]);
    await signOff(client, applicationId, 'APPROVE', 'Welcome');
    expect((await client.waitForStatus(token, applicationId, FINAL_STATUSES)).status).toBe('APPROVED');

    // The figures follow a change of status just after it is written (best effort, same invocation):
    // on a busy machine the status can be read a moment before the counters move.
    let after: Json = {};
    await expect
      .poll(async () => {
        const reply = await client.request('GET', '/admin/api/metrics', { token: operator });
        expect(reply.status).toBe(200);
        after = reply.body;
        return (
          after.countsByStatus.APPROVED >= before.countsByStatus.APPROVED + 1 &&
          month(after).entered.APPROVED >= month(before).entered.APPROVED + 1
        );
      })
      .toBe(true);
    expect(Object.keys(after.countsByStatus)).toEqual(
      expect.arrayContaining(['SUBMITTED', 'APPROVED', 'FAILED']),
    );
    expect(after.countsByStatus.APPROVED).toBeGreaterThanOrEqual(before.countsByStatus.APPROVED + 1);
    expect(month(after).entered.APPROVED).toBeGreaterThanOrEqual(month(before).entered.APPROVED + 1);
    expect(month(after).entered.SUBMITTED).toBeGreaterThanOrEqual(month(before).entered.SUBMITTED + 1);
    expect(month(after).approvalRate).toBeGreaterThan(0);
    const review = month(after).stages.find((stage: Json) => stage.stage === 'IN_REVIEW');
    expect(review.count).toBeGreaterThanOrEqual(1);
    expect(review.medianSeconds).toBeGreaterThanOrEqual(0);
    expect(review.p90Seconds).toBeGreaterThanOrEqual(review.medianSeconds);
    expect(after.windows.map((window: Json) => window.days)).toEqual([30, 90]);
    expect(after.expertLoad.experts.length).toBeGreaterThan(0);
    const assigned = after.expertLoad.experts.reduce(
      (sum: number, expert: Json) => sum + expert.assigned['30'],
      0,
    );
    const assignedBefore = before.expertLoad.experts.reduce(
      (sum: number, expert: Json) => sum + expert.assigned['30'],
      0,
    );
    expect(assigned).toBeGreaterThanOrEqual(assignedBefore + 1);

    const page = await client.request('GET', '/admin/figures', {
      token: operator,
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<svg role="img"');
    expect(page.body).toContain('Applications by status now');
  });
});
