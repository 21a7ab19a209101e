import { linkCookies, signer } from '#functions/composition/answer-page-deps';
import { invitationStore, submitDeps } from '#functions/composition/invitations';
import { clock, registryStore } from '#functions/composition/stores';
import { linkPageHandler, linkRoute } from '#shared/http/answer-pages';
import {
  invitationAnsweredPage,
  invitationCheckPage,
  invitationFormPage,
} from '#shared/pages/invitation-page';
import {
  answerInvitation,
  checkInvitationAnswer,
  invitationPageView,
} from '#shared/use-cases/answer-invitation';

const deps = () => ({
  signer: signer(),
  invitations: invitationStore(),
  registry: registryStore(),
  clock,
  submit: submitDeps(),
});

/** GET /invitations/{invitationId} shows the invitation; POST accepts or declines it (form or JSON). */
export const lambdaHandler = linkRoute({
  scope: 'invitation',
  pathParameter: 'invitationId',
  view: (params) => invitationPageView(params, deps()),
  submit: (submission) => answerInvitation(submission, deps()),
  renderForm: invitationFormPage,
  renderDone: invitationAnsweredPage,
  confirm: {
    check: (view, submission) => checkInvitationAnswer(view, submission, { signer: signer() }),
    renderCheck: invitationCheckPage,
  },
  signer,
  cookies: linkCookies,
});

export const handler = linkPageHandler(lambdaHandler);
