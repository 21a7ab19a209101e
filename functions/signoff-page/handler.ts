import { linkCookies, linkPageDeps, signer } from '#functions/composition/answer-page-deps';
import { linkPageHandler, linkRoute } from '#shared/http/answer-pages';
import { signoffRecordedPage } from '#shared/pages/result-pages';
import { signoffFormPage } from '#shared/pages/signoff-page';
import { signoffPageView } from '#shared/use-cases/answer-page-views';
import { decideSignoff } from '#shared/use-cases/decide-signoff';

/** GET /signoff/{signoffId} shows the decision page; POST approves or rejects (form or JSON). */
export const lambdaHandler = linkRoute({
  scope: 'signoff',
  pathParameter: 'signoffId',
  view: (params) => signoffPageView(params, linkPageDeps()),
  submit: (submission) => decideSignoff(submission, linkPageDeps()),
  renderForm: signoffFormPage,
  renderDone: signoffRecordedPage,
  signer,
  cookies: linkCookies,
});

export const handler = linkPageHandler(lambdaHandler);
