import { linkCookies, linkPageDeps, signer } from '#functions/composition/answer-page-deps';
import { linkPageHandler, linkRoute } from '#shared/http/answer-pages';
import { reviewRecordedPage } from '#shared/pages/result-pages';
import { reviewCheckPage, reviewFormPage } from '#shared/pages/review-page';
import { reviewPageView } from '#shared/use-cases/answer-page-views';
import { answerReview, checkReview } from '#shared/use-cases/answer-review';

/** GET /reviews/{reviewId} shows the expert's form; POST submits the review (form or JSON); a form's "Continue" shows a check page first. */
export const lambdaHandler = linkRoute({
  scope: 'review',
  pathParameter: 'reviewId',
  view: (params) => reviewPageView(params, linkPageDeps()),
  submit: (submission) => answerReview(submission, linkPageDeps()),
  renderForm: reviewFormPage,
  renderDone: reviewRecordedPage,
  confirm: {
    check: (_view, submission) => checkReview(submission, { signer: signer() }),
    renderCheck: reviewCheckPage,
  },
  signer,
  cookies: linkCookies,
});

export const handler = linkPageHandler(lambdaHandler);
