import { linkCookies, linkPageDeps, linkSettings, signer } from '#functions/composition/answer-page-deps';
import { mailer } from '#functions/composition/mail';
import { signoffConfig } from '#functions/composition/stores';
import { linkPageHandler, linkRoute } from '#shared/http/answer-pages';
import { signoffRecordedPage } from '#shared/pages/result-pages';
import { signoffCheckPage, signoffFormPage } from '#shared/pages/signoff-page';
import { signoffPageView } from '#shared/use-cases/answer-page-views';
import { checkSignoffDecision, decideSignoff } from '#shared/use-cases/decide-signoff';
import type { EmailMessage } from '#shared/use-cases/ports';

/**
 * A delegation emails the delegate its link: the page needs the mailer and the link settings too.
 * The SES client is made on the first delegation, not for every decision.
 */
const signoffDeps = () => ({
  ...linkPageDeps(),
  mailer: { send: (message: EmailMessage) => mailer().send(message) },
  config: { ...linkSettings(), amendmentTimeoutSeconds: signoffConfig().AMENDMENT_TIMEOUT_SECONDS },
});

/** GET /signoff/{signoffId} shows the decision page; POST approves, rejects, returns or delegates (form or JSON). */
export const lambdaHandler = linkRoute({
  scope: 'signoff',
  pathParameter: 'signoffId',
  view: (params) => signoffPageView(params, linkPageDeps()),
  submit: (submission) => decideSignoff(submission, signoffDeps()),
  renderForm: signoffFormPage,
  renderDone: signoffRecordedPage,
  confirm: {
    check: (_view, submission) => checkSignoffDecision(submission, { signer: signer() }),
    renderCheck: signoffCheckPage,
  },
  signer,
  cookies: linkCookies,
});

export const handler = linkPageHandler(lambdaHandler);
