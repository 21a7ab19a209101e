import { apiClient, type LocalClient } from '#local/client';
import { approveReview, createClusterBody, joinClusterBody, sample } from '#local/sample-requests';

/**
 * `npm run demo`: against a running `npm start`, walks one create and one
 * join application to a decision, printing each step and every link it
 * follows, as an applicant, its members (consent), the experts and an official would.
 */
const baseUrl = process.env.DEMO_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const client = apiClient(baseUrl);
const runId = new Date().toISOString().slice(0, 19).replace(/\D/g, '');

const step = (text: string) => console.log(`\n▶ ${text}`);
const detail = (text: string) => console.log(`  ${text}`);

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
  experts: number,
  comment: string,
) {
  step(`waiting for the ${experts} expert review email(s)`);
  const reviewLinks = await api.waitForLinks(applicationId, 'reviews', experts, 60_000);
  for (const link of reviewLinks) {
    detail(`GET  ${link}`);
    const page = await api.getLink(link);
    detail(`     ${page.status} review page (${String(page.body).length} bytes, changes nothing)`);
    const reply = await api.postLink(link, approveReview);
    detail(`POST ${new URL(link).pathname} → ${reply.status} ${JSON.stringify(reply.body)}`);
  }
  step('waiting for the sign-off email to the department official');
  const [signoffLink = ''] = await api.waitForLinks(applicationId, 'signoff', 1, 60_000);
  detail(`GET  ${signoffLink}`);
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
  await decide(client, joined.body.applicationId, joinToken, 1, 'Добро пожаловать. Welcome.');

  step(`done: every email is in ${baseUrl}/_local/outbox`);
}

await main();
