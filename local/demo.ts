import { apiClient, type LocalClient } from '#local/client';
import { approveReview, createClusterBody, joinClusterBody, sample } from '#local/sample-requests';

/**
 * `npm run demo`: against a running `npm start`, walks one create and one
 * join application to a decision, printing each step and every link it
 * follows, as an applicant, its members (consent), the experts and an official would (the join's
 * official first delegates the sign-off to a colleague).
 */
const baseUrl = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const client = apiClient(baseUrl);
const runId = new Date().toISOString().slice(0, 19).replace(/\D/g, '');

const step = (text: string) => console.log(`\n▶ ${text}`);
const detail = (text: string) => console.log(`  ${text}`);

/**
 * The official hands the sign-off to a colleague the page lists (DELEGATE, with a comment); the
 * colleague is emailed a new link with the deadline that remains, and the first link answers 409.
 */
async function delegate(api: LocalClient, applicationId: string, signoffLink: string): Promise<string> {
  step('the official delegates the sign-off to a colleague listed on the page');
  const view = (await (await fetch(signoffLink, { headers: { accept: 'application/json' } })).json()) as {
    delegates: Array<{ officialId: string; name: string }>;
  };
  const [colleague] = view.delegates;
  if (!colleague) throw new Error('the sign-off page lists nobody to delegate to');
  const reply = await api.postLink(signoffLink, {
    decision: 'DELEGATE',
    delegateTo: colleague.officialId,
    comment: 'Прошу принять решение: я в командировке. Please decide: I am away.',
  });
  detail(`POST ${new URL(signoffLink).pathname} → ${reply.status} ${JSON.stringify(reply.body)}`);
  const [, delegateLink = ''] = await api.waitForLinks(applicationId, 'signoff', 2, 60_000);
  detail(`${colleague.name} is emailed ${delegateLink}`);
  const stale = await api.postLink(signoffLink, { decision: 'APPROVE' });
  detail(`POST ${new URL(signoffLink).pathname} again → ${stale.status} ${stale.body?.error?.code}`);
  return delegateLink;
}

/** The 29 other members confirm from their emailed links (the applicant is never asked). */
async function consent(api: LocalClient, applicationId: string, token: string, asked: number) {
  step(`waiting for the ${asked} consent emails to the other members (status AWAITING_CONSENT)`);
  const links = await api.waitForLinks(applicationId, 'consents', asked, 60_000);
  const [first = ''] = links;
  detail(`GET  ${first}`);
  const page = await api.getLink(first);
  detail(`     ${page.status} consent page (${String(page.body).length} bytes, changes nothing)`);
  for (const link of links.slice(1, 3)) detail(`     ${link}`);
  detail(`     ... and ${links.length - 3} more`);
  await api.answerConsents(applicationId, asked, { timeoutMs: 60_000 });
  detail(`POST each link {"answer":"CONFIRM"} → 200 (${asked} times)`);
  const { body } = await api.getApplication(token, applicationId);
  detail(`GET /applications/${applicationId} → consent ${JSON.stringify(body.consent)}`);
}

async function decide(
  api: LocalClient,
  applicationId: string,
  token: string,
  experts: number | string[],
  comment: string,
  options: { delegateFirst?: boolean } = {},
) {
  step(`waiting for the ${typeof experts === 'number' ? experts : experts.length} expert review email(s)`);
  const reviewLinks =
    typeof experts === 'number' ? await api.waitForLinks(applicationId, 'reviews', experts, 60_000) : experts;
  for (const link of reviewLinks) {
    detail(`GET  ${link}`);
    const page = await api.getLink(link);
    detail(`     ${page.status} review page (${String(page.body).length} bytes, changes nothing)`);
    const reply = await api.postLink(link, approveReview);
    detail(`POST ${new URL(link).pathname} → ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  step('waiting for the sign-off email to the department official');
  const [firstLink = ''] = await api.waitForLinks(applicationId, 'signoff', 1, 60_000);
  detail(`GET  ${firstLink}`);
  const signoffLink = options.delegateFirst ? await delegate(api, applicationId, firstLink) : firstLink;
  const reply = await api.postLink(signoffLink, { decision: 'APPROVE', comment });
  detail(`POST ${new URL(signoffLink).pathname} → ${reply.status} ${JSON.stringify(reply.body)}`);
  const application = await api.waitForStatus(
    token,
    applicationId,
    ['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED'],
    60_000,
  );
  step(`application ${applicationId} is ${application.status}`);
  const consents = application.history.filter(
    (event: { action: string }) =>
      event.action.startsWith('CONSENT_') && event.action !== 'CONSENT_CONCLUDED',
  );
  for (const event of application.history) {
    // The members' answers, one line for all of them.
    if (consents.includes(event)) {
      if (event === consents[0])
        detail(
          `${event.at}  ${''.padEnd(20)} ${consents.length} x CONSENT_CONFIRMED/DECLINED (member:<inn>)`,
        );
      continue;
    }
    detail(`${event.at}  ${(event.status ?? '').padEnd(20)} ${event.action} (${event.actor})`);
  }
  return application;
}

/**
 * The sample cluster's coordinator invites a participant as a MEMBER; the
 * invitee accepts from the emailed link, which files a join application
 * on its behalf, marked as invited.
 */
async function invitation(api: LocalClient) {
  const coordinatorInn = sample.cluster.coordinatorInn ?? '';
  step(`INVITATION: the coordinator of "${sample.cluster.name}" (${coordinatorInn}) invites a member`);
  const coordinator = await api.login(coordinatorInn);
  const invitee = sample.joinCandidate(130 + (Number(runId.slice(-4)) % 50));
  const made = await api.invite(coordinator, sample.cluster.clusterId, { role: 'MEMBER', inn: invitee.inn });
  detail(
    `POST /clusters/${sample.cluster.clusterId}/invitations → ${made.status} ${JSON.stringify({ invitationId: made.body.invitationId, status: made.body.status })}`,
  );
  if (made.status !== 201) return;
  const link = await api.waitForInvitationLink(made.body.invitationId, 30_000);
  detail(`emailed to ${invitee.email}: GET ${link}`);
  const page = await api.getLink(link);
  detail(`     ${page.status} invitation page (changes nothing)`);
  const reply = await api.postLink(link, {
    answer: 'ACCEPT',
    contactEmail: `join@${invitee.inn}.example.org`,
    motivation: 'Приглашены координатором: делаем датчики. Invited: we make the sensors.',
  });
  detail(`POST ${new URL(link).pathname} → ${reply.status} ${JSON.stringify(reply.body)}`);
  const token = await api.login(invitee.inn);
  const application = await api.waitForStatus(
    token,
    reply.body.applicationId,
    ['IN_REVIEW', 'INELIGIBLE', 'FAILED'],
    60_000,
  );
  step(
    `join application ${application.applicationId} is ${application.status}, invited by ${application.invitation?.invitedBy}`,
  );
  for (const event of application.history)
    detail(`${event.at}  ${(event.status ?? '').padEnd(20)} ${event.action} (${event.actor})`);
}

/** An expert declines a join application's review; a replacement is asked at once and decides. */
async function recusal(api: LocalClient) {
  step('RECUSAL: the expert of another join application declines (a conflict of interest)');
  const applicant = sample.joinCandidate(100 + (Number(runId.slice(-4)) % 50));
  const token = await api.login(applicant.inn);
  const submitted = await api.submit(
    token,
    joinClusterBody(applicant, sample.cluster.clusterId),
    `demo-${runId}-recusal`,
  );
  const applicationId: string = submitted.body.applicationId;
  detail(`POST /applications → ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const [first = ''] = await api.waitForLinks(applicationId, 'reviews', 1, 60_000);
  const declined = await api.postLink(first, {
    recommendation: 'RECUSE',
    comment: 'Конфликт интересов: консультирую заявителя. Conflict of interest: I advise the applicant.',
  });
  detail(`POST ${new URL(first).pathname} (RECUSE) → ${declined.status} ${JSON.stringify(declined.body)}`);
  const links = await api.waitForLinks(applicationId, 'reviews', 2, 60_000);
  const replacement = links.find((link) => link !== first) ?? '';
  for (const message of await api.outbox(applicationId)) {
    if (message.links.some((link) => link === first || link === replacement))
      detail(`email to ${message.to.join(', ')}: ${message.subject}`);
  }
  detail(`GET  ${new URL(first).pathname} (the declined link) → ${(await api.getLink(first)).status}`);
  await decide(api, applicationId, token, [replacement], 'Одобрено после замены эксперта. Approved.');
}

async function main() {
  const health = await fetch(`${baseUrl}/_local/health`).catch(() => null);
  if (health?.status !== 200) {
    console.error(`No local runtime at ${baseUrl}: start it with \`npm start\` in another terminal first.`);
    process.exit(1);
  }

  step('CREATE_CLUSTER: 30 laser and measuring-equipment organizations apply for a new cluster');
  const members = sample.activeIn(['laser_radiation', 'measuring_equipment'], 30, 3);
  const createBody = createClusterBody(members, `Демо-кластер фотоники ${runId}`, [
    'laser_radiation',
    'measuring_equipment',
  ]);
  const createToken = await client.login(createBody.applicantInn);
  detail(`signed in as ${createBody.applicantInn} (${members[0]?.name})`);
  const created = await client.submit(createToken, createBody, `demo-${runId}-create`);
  detail(`POST /applications → ${created.status} ${JSON.stringify(created.body)}`);
  await consent(client, created.body.applicationId, createToken, members.length - 1);
  const approved = await decide(client, created.body.applicationId, createToken, 3, 'Одобрено. Approved.');
  if (approved.createdClusterId) {
    const cluster = await client.request('GET', `/clusters/${approved.createdClusterId}`);
    detail(
      `GET /clusters/${approved.createdClusterId} → ${cluster.body.name}, ${cluster.body.memberCount} members`,
    );
  }

  step('JOIN_CLUSTER: an electronics company applies to join the sample cluster');
  // A different organization each run (runs against one data directory accumulate members).
  const applicant = sample.joinCandidate(30 + (Number(runId.slice(-4)) % 50));
  const joinToken = await client.login(applicant.inn);
  const joined = await client.submit(
    joinToken,
    joinClusterBody(applicant, sample.cluster.clusterId),
    `demo-${runId}-join`,
  );
  detail(`POST /applications → ${joined.status} ${JSON.stringify(joined.body)}`);
  await decide(client, joined.body.applicationId, joinToken, 1, 'Добро пожаловать. Welcome.', {
    delegateFirst: true,
  });

  await invitation(client);
  await recusal(client);

  step(`done: every email is in ${baseUrl}/_local/outbox`);
}

await main();
