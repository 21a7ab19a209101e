import { apiClient, type LocalClient } from '#local/client';
import { approveReview, createClusterBody, joinClusterBody, sample } from '#local/sample-requests';

/**
 * `npm run demo`: against a running `npm start`, walks one create and one
 * join application to a decision, printing each step and every link it
 * follows, as an applicant, its members (consent), the experts and an official would (the join's
 * official first delegates the sign-off to a colleague), then an invitation, a recusal, a return
 * for amendment and, with short deadlines (`npm run start:demo`), a reminder.
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

/**
 * The official returns a join application for amendment; the applicant reads the comment, resubmits
 * the corrected application (PUT), and the same expert reviews it again before the official approves.
 */
async function amendment(api: LocalClient) {
  step('RETURN FOR AMENDMENT: the official returns a join application to its applicant');
  const applicant = sample.joinCandidate(180 + (Number(runId.slice(-4)) % 50));
  const token = await api.login(applicant.inn);
  const body = joinClusterBody(applicant, sample.cluster.clusterId);
  const submitted = await api.submit(token, body, `demo-${runId}-amendment`);
  const applicationId: string = submitted.body.applicationId;
  detail(`POST /applications → ${submitted.status} ${JSON.stringify(submitted.body)}`);
  const [review = ''] = await api.waitForLinks(applicationId, 'reviews', 1, 60_000);
  detail(`POST ${new URL(review).pathname} → ${(await api.postLink(review, approveReview)).status}`);
  const [signoff = ''] = await api.waitForLinks(applicationId, 'signoff', 1, 60_000);
  const returned = await api.postLink(signoff, {
    decision: 'RETURN',
    comment:
      'Опишите продукцию, которую вы поставите кластеру. Describe what you will supply to the cluster.',
  });
  detail(`POST ${new URL(signoff).pathname} (RETURN) → ${returned.status} ${JSON.stringify(returned.body)}`);
  const waiting = await api.waitForStatus(token, applicationId, ['AMENDMENT_REQUESTED'], 60_000);
  detail(
    `GET /applications/${applicationId} → ${waiting.status}, amendment ${JSON.stringify(waiting.amendment)}`,
  );
  const corrected = {
    ...body,
    motivation: 'Поставляем МЭМС-датчики давления. We supply MEMS pressure sensors.',
  };
  const resubmitted = await api.resubmit(token, applicationId, corrected, `demo-${runId}-amendment-1`);
  detail(`PUT /applications/${applicationId} → ${resubmitted.status} ${JSON.stringify(resubmitted.body)}`);
  const reviews = await api.waitForLinks(applicationId, 'reviews', 2, 60_000);
  for (const message of await api.outbox(applicationId)) {
    if (message.links.some((link) => reviews.includes(link)))
      detail(`review email to ${message.to.join(', ')}: ${new URL(message.links[0] ?? review).pathname}`);
  }
  const again = reviews.at(-1) ?? '';
  detail(`POST ${new URL(again).pathname} → ${(await api.postLink(again, approveReview)).status}`);
  const signoffs = await api.waitForLinks(applicationId, 'signoff', 2, 60_000);
  const approve = await api.postLink(signoffs.at(-1) ?? '', {
    decision: 'APPROVE',
    comment: 'Одобрено. Approved.',
  });
  detail(`POST ${new URL(signoffs.at(-1) ?? '').pathname} → ${approve.status}`);
  const done = await api.waitForStatus(
    token,
    applicationId,
    ['APPROVED', 'REJECTED', 'EXPIRED', 'FAILED'],
    60_000,
  );
  step(`application ${applicationId} is ${done.status} after ${done.rounds?.length ?? 0} return(s)`);
  for (const event of done.history)
    detail(`${event.at}  ${(event.status ?? '').padEnd(20)} ${event.action} (${event.actor})`);
}

/**
 * A reminder before a review deadline: emailed when the runtime's deadlines make one due within
 * two minutes (`npm run start:demo` does); otherwise the step says how to see one.
 */
async function reminder(api: LocalClient) {
  const health = (await (await fetch(`${baseUrl}/_local/health`)).json()) as {
    deadlines?: {
      reviewTimeoutSeconds: number;
      reminderBeforeSeconds: number[];
      linkTtlSeconds: number | null;
    };
  };
  const deadlines = health.deadlines;
  const lifetime = Math.min(
    deadlines?.reviewTimeoutSeconds ?? Infinity,
    deadlines?.linkTtlSeconds ?? Infinity,
  );
  const firstReminder = Math.max(
    ...(deadlines?.reminderBeforeSeconds ?? []).filter((offset) => offset < lifetime),
  );
  const wait = lifetime - firstReminder;
  step('REMINDER: an expert who has not answered is reminded before the review deadline, with the same link');
  if (!Number.isFinite(wait) || wait > 120) {
    detail(
      `with this runtime's deadlines the first reminder comes ${Number.isFinite(wait) ? `${Math.round(wait / 3600)} h` : 'never'} after the request;`,
    );
    detail('to see one now, run `npm run start:demo` (review deadline 4 min, reminder 3.5 min before it)');
    return;
  }
  const applicant = sample.joinCandidate(230 + (Number(runId.slice(-4)) % 50));
  const token = await api.login(applicant.inn);
  const submitted = await api.submit(token, joinClusterBody(applicant, sample.cluster.clusterId));
  const applicationId: string = submitted.body.applicationId;
  const [link = ''] = await api.waitForLinks(applicationId, 'reviews', 1, 60_000);
  detail(`review link emailed: ${new URL(link).pathname}; the expert does not answer yet`);
  detail(
    `waiting about ${Math.round(wait)} s for the reminder (the runtime's scheduler runs send-reminders)`,
  );
  const started = Date.now();
  while (Date.now() - started < (wait + 90) * 1000) {
    const messages = (await api.outbox(applicationId)).filter((message) => message.links.includes(link));
    if (messages.length >= 2) {
      const reminderMail = messages.at(-1);
      detail(`email to ${reminderMail?.to.join(', ')}: ${reminderMail?.subject}`);
      detail(`it carries the same link: ${reminderMail?.links.includes(link)}`);
      const reply = await api.postLink(link, approveReview);
      detail(`POST ${new URL(link).pathname} → ${reply.status}; no reminder follows an answer`);
      await api.withdraw(token, applicationId);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  detail('no reminder arrived in time (is the runtime busy?)');
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
  await amendment(client);
  await reminder(client);

  step(`done: every email is in ${baseUrl}/_local/outbox`);
}

await main();
