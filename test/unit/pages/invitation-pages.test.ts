import { describe, expect, it } from 'vitest';
import { invitedByText, reviewRequestEmail } from '#shared/notifications/emails';
import { invitationAnsweredPage, invitationFormPage } from '#shared/pages/invitation-page';
import { reviewFormPage } from '#shared/pages/review-page';
import { signoffFormPage } from '#shared/pages/signoff-page';
import type { InvitationPageView } from '#shared/use-cases/answer-invitation';
import { applicationSummary } from '#shared/use-cases/application-summary';
import { applyDecision } from '#shared/use-cases/apply-decision';
import { application, clockAt, fakeRegistry, inMemoryStores } from '#test/support/in-memory-stores';

const view = (role: 'MEMBER' | 'PARTNER'): InvitationPageView => ({
  linkId: 'inv_0000000000000000000000test',
  expiresAt: '2026-03-31T10:00:00.000Z',
  role,
  cluster: {
    clusterId: 'clu_x',
    name: 'Cluster <script>alert(1)</script>',
    sectors: ['electronics'],
    memberCount: 32,
    project: { title: 'Chips', summary: 'A & B' },
  },
  coordinator: { inn: '7707083893', name: 'ООО "Координатор"' },
  invitee: { name: 'ООО «Датчик»', inn: '7702070139', email: 'office@sensor.example' },
});

describe('the invitation page', () => {
  it('names the cluster, the coordinator, the deadline and what happens next, escaped, with the member’s fields', () => {
    const page = invitationFormPage(view('MEMBER'), { csrfToken: 'tok' });
    expect(page).toContain(
      '<h1>Приглашение ООО «Датчик» в кластер «Cluster &lt;script&gt;alert(1)&lt;/script&gt;»',
    );
    expect(page).not.toContain('<script>');
    expect(page).toContain('ООО &quot;Координатор&quot; (ИНН / INN 7707083893)');
    expect(page).toContain('31 марта 2026');
    expect(page).toContain('What happens next');
    expect(page).toContain('name="csrfToken" value="tok"');
    expect(page).toContain('value="office@sensor.example"');
    expect(page).toMatch(/name="motivation"/);
    // Declining needs neither field: they are not `required` in HTML; the server asks for them to accept.
    expect(page).toMatch(/name="answer" value="DECLINE"/);
    expect(page).not.toMatch(/id="motivation"[^>]*required/);
  });

  it('asks a partner for nothing but the answer, and marks a rejected field with its error at the top', () => {
    expect(invitationFormPage(view('PARTNER'), { csrfToken: 't' })).not.toContain('name="motivation"');
    const page = invitationFormPage(view('MEMBER'), {
      csrfToken: 't',
      errors: [{ path: 'motivation', message: 'is required to accept' }],
      values: { contactEmail: 'x@y.example', motivation: '' },
    });
    expect(page).toMatch(/<title>Ошибка: /);
    expect(page.indexOf('class="error-summary" id="error-summary" role="alert"')).toBeLessThan(
      page.indexOf('<h1>'),
    );
    expect(page).toContain('<a href="#motivation">');
    expect(page).toMatch(/id="motivation"[^>]*aria-invalid="true"/);
    expect(page).toContain('value="x@y.example"');
    expect(page).toContain('Write the motivation');
  });

  it('says after acceptance which application was filed and what comes next', () => {
    const page = invitationAnsweredPage({
      invitationId: 'inv_1',
      clusterId: 'clu_x',
      clusterName: 'Micro',
      role: 'MEMBER',
      answer: 'ACCEPTED',
      applicationId: 'app_0000000000000000000000filed',
    });
    expect(page).toContain('app_0000000000000000000000filed');
    expect(page).toContain('<ol>');
  });
});

describe('an invited join application', () => {
  it('shows the expert and the official who invited it', async () => {
    const invited = application({
      type: 'JOIN_CLUSTER',
      cluster: undefined,
      memberInns: undefined,
      clusterId: 'clu_x',
      motivation: 'Sensors',
      invitation: { invitationId: 'inv_1', invitedBy: '7707083893', clusterId: 'clu_x' },
    });
    const summary = await applicationSummary(invited, fakeRegistry());
    expect(summary.invitedBy).toEqual({ inn: '7707083893', name: 'ООО "Ромашка" & Co' });
    const text = invitedByText({ inn: '7707083893', name: 'ООО "Ромашка" & Co' }, 'en');
    const review = reviewFormPage(
      { linkId: 'l', expiresAt: '2026-03-11T10:00:00.000Z', expertName: 'E', summary, members: [] },
      { csrfToken: 't' },
    );
    expect(review).toContain('Приглашение');
    expect(review).toContain(
      'invited by the cluster&#39;s coordinator: ООО &quot;Ромашка&quot; &amp; Co (INN 7707083893)',
    );
    const signoff = signoffFormPage(
      {
        linkId: 'l',
        expiresAt: '2026-03-11T10:00:00.000Z',
        officialName: 'O',
        summary,
        eligibility: null,
        reviews: [],
        tally: null,
        delegates: [],
        returns: 0,
        canReturn: true,
      },
      { csrfToken: 't' },
    );
    expect(signoff).toContain('(INN 7707083893)');
    const email = reviewRequestEmail({
      ...summary,
      expertName: 'E',
      deadline: '2026-03-11T10:00:00.000Z',
      link: 'https://x',
    });
    expect(email.text).toContain(text);
    // Not invited: no such line.
    const plain = await applicationSummary({ ...invited, invitation: undefined }, fakeRegistry());
    expect(
      reviewFormPage(
        { linkId: 'l', expiresAt: '2026-03-11T10:00:00.000Z', expertName: 'E', summary: plain, members: [] },
        { csrfToken: 't' },
      ),
    ).not.toContain('coordinator');
  });
});

describe('an approved create application', () => {
  it('makes its applicant the coordinator and lists its partners once each', async () => {
    const creator = application({
      status: 'AWAITING_SIGNOFF',
      partners: [
        { name: 'Siemens', email: 'Coop@Siemens.example' },
        { name: 'Siemens AG', email: 'coop@siemens.example' },
        { name: 'Bank', email: 'b@bank.example', inn: '7725340529', country: 'RU' },
      ],
    });
    const stores = inMemoryStores(creator);
    stores.tasks.tasks.set(`${creator.applicationId}/SIGNOFF`, {
      applicationId: creator.applicationId,
      officialId: 'off_1',
      status: 'DECIDED',
      linkId: 'l',
      requestedAt: '2026-03-01T10:00:00.000Z',
      decision: { outcome: 'APPROVED', comment: '', decidedAt: '2026-03-02T10:00:00.000Z' },
    });
    await applyDecision(creator.applicationId, { ...stores, clock: clockAt('2026-03-02T11:00:00.000Z') });
    const clusterId = (await stores.applications.get(creator.applicationId))?.createdClusterId ?? '';
    expect(await stores.registry.getCluster(clusterId)).toMatchObject({
      status: 'ACTIVE',
      coordinatorInn: creator.applicantInn,
    });
    const partners = await stores.registry.listPartners(clusterId);
    expect(partners.map((partner) => [partner.key, partner.name])).toEqual([
      ['EMAIL#coop@siemens.example', 'Siemens AG'],
      ['INN#7725340529', 'Bank'],
    ]);
    expect(partners[1]).toMatchObject({ country: 'RU', joinedAt: '2026-03-02T11:00:00.000Z' });
  });
});
