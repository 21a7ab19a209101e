import { linkCookies, linkPageDeps, signer } from '#functions/composition/answer-page-deps';
import { linkPageHandler, linkRoute } from '#shared/http/answer-pages';
import { consentCheckPage, consentFormPage } from '#shared/pages/consent-page';
import { consentRecordedPage } from '#shared/pages/result-pages';
import { answerConsent, checkConsent } from '#shared/use-cases/answer-consent';
import { consentPageView } from '#shared/use-cases/answer-page-views';

/** GET /consents/{consentId} shows the member's or partner's form; POST answers (form or JSON); a form's "Continue" shows a check page first. */
export const lambdaHandler = linkRoute({
  scope: 'consent',
  pathParameter: 'consentId',
  view: (params) => consentPageView(params, linkPageDeps()),
  submit: (submission) => answerConsent(submission, linkPageDeps()),
  renderForm: consentFormPage,
  renderDone: consentRecordedPage,
  confirm: {
    check: (_view, submission) => checkConsent(submission, { signer: signer() }),
    renderCheck: consentCheckPage,
  },
  signer,
  cookies: linkCookies,
});

export const handler = linkPageHandler(lambdaHandler);
