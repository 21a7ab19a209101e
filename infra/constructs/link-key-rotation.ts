import type { Duration } from 'aws-cdk-lib';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ProductFunction } from '#infra/constructs/product-function';
import { acknowledgeWildcardResources } from '#infra/nag';

export interface LinkKeyRotationProps {
  secret: secretsmanager.Secret;
  /** How often a new key takes over signing. */
  every: Duration;
  /** How long a superseded key keeps verifying (infra/config.ts linkKeyRetirementSeconds). */
  retireAfter: Duration;
  /** Powertools settings of the function. */
  serviceName: string;
  logLevel: string;
}

/**
 * Automatic rotation of the link-signing keys: Secrets Manager invokes
 * functions/rotate-link-keys on the schedule; each rotation adds a new
 * current key and drops the keys whose links have all expired, so links
 * emailed before a rotation keep working until their own deadline.
 */
export class LinkKeyRotation extends Construct {
  readonly rotator: ProductFunction;

  constructor(scope: Construct, id: string, props: LinkKeyRotationProps) {
    super(scope, id);
    this.rotator = new ProductFunction(this, 'RotateLinkKeys', {
      functionKey: 'rotate-link-keys',
      spec: {
        description: 'Rotates the link-signing keys (Secrets Manager rotation steps)',
        timeoutSeconds: 30,
      },
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        RETIRE_AFTER_SECONDS: String(props.retireAfter.toSeconds()),
      },
    });
    props.secret.addRotationSchedule('Rotation', {
      rotationLambda: this.rotator.function,
      automaticallyAfter: props.every,
      // A deploy that changes the schedule should not rotate on its own; `aws secretsmanager rotate-secret` does.
      rotateImmediatelyOnUpdate: false,
    });
    acknowledgeWildcardResources(
      this.rotator,
      ['*'],
      'Active tracing (X-Ray has no resource-level permissions) and secretsmanager:GetRandomPassword, which CDK ' +
        'grants every rotation function and which has no resource either; the key material comes from node:crypto.',
    );
  }
}
