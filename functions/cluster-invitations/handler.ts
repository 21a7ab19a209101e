import { linkConfig, signer } from '#functions/composition/answer-page-deps';
import { invitationConfig, invitationStore } from '#functions/composition/invitations';
import { mailer } from '#functions/composition/mail';
import { clock, registryStore } from '#functions/composition/stores';
import { NotFoundError } from '#shared/errors';
import {
  type ApiEvent,
  apiHandler,
  json,
  parseJsonBody,
  parsePathParameter,
  parseQuery,
  signedInInn,
} from '#shared/http/api';
import {
  clusterIdSchema,
  invitationIdSchema,
  invitationRequestSchema,
  pageQuerySchema,
} from '#shared/schemas/api';
import { inviteToCluster, listInvitations, revokeInvitation } from '#shared/use-cases/invitations';

const deps = () => ({ registry: registryStore(), invitations: invitationStore(), clock });

/** The coordinator's routes: POST and GET /clusters/{id}/invitations, DELETE /clusters/{id}/invitations/{invitationId}. */
export const lambdaHandler = async (event: ApiEvent) => {
  const inn = signedInInn(event);
  const clusterId = parsePathParameter(event, 'id', clusterIdSchema);
  const route = `${event.httpMethod} ${event.resource}`;
  switch (route) {
    case 'POST /clusters/{id}/invitations': {
      const request = parseJsonBody(event, invitationRequestSchema);
      const invitation = await inviteToCluster(
        clusterId,
        request,
        { inn },
        {
          ...deps(),
          signer: signer(),
          mailer: mailer(),
          config: {
            publicBaseUrl: linkConfig().PUBLIC_BASE_URL,
            invitationTtlSeconds: invitationConfig().INVITATION_TTL_SECONDS,
          },
        },
      );
      return json(201, invitation);
    }
    case 'GET /clusters/{id}/invitations':
      return json(200, await listInvitations(clusterId, parseQuery(event, pageQuerySchema), { inn }, deps()));
    case 'DELETE /clusters/{id}/invitations/{invitationId}': {
      const invitationId = parsePathParameter(event, 'invitationId', invitationIdSchema);
      return json(200, await revokeInvitation(clusterId, invitationId, { inn }, deps()));
    }
    default:
      throw new NotFoundError(`no route ${route}`);
  }
};

export const handler = apiHandler(lambdaHandler);
