import { type Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ProductFunction } from '#infra/constructs/product-function';
import { acknowledgeControl, acknowledgeWildcardResources } from '#infra/nag';

export interface LinkKeyRotationProps {
  secret: secretsmanager.Secret;
  /** How often a new key takes over signing. */
  every: Duration;
  /** How long a superseded key keeps verifying (infra/config.ts linkKeyRetirementSeconds). */
  retireAfter: Duration;
  /** Powertools settings of the function. */
  serviceName: string;
  logLevel: string;
  tracing: boolean;
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
      tracing: props.tracing,
    });
    props.secret.addRotationSchedule('Rotation', {
      rotationLambda: this.rotator.function,
      automaticallyAfter: props.every,
      // A deploy that changes the schedule should not rotate on its own; `aws secretsmanager rotate-secret` does.
      rotateImmediatelyOnUpdate: false,
    });
    // CDK lets Secrets Manager invoke the rotator without naming the account (Control Tower CT.LAMBDA.PR.2):
    // only this account's Secrets Manager may.
    for (const child of this.rotator.function.node.children) {
      if (!(child instanceof lambda.CfnPermission)) continue;
      child.sourceAccount = Stack.of(this).account;
      acknowledgeControl(
        child,
        'lambda_function_public_access_prohibited_check',
        'CT.LAMBDA.PR.2 false positive: the permission is for the secretsmanager.amazonaws.com principal with ' +
          'SourceAccount set to this account, which the rule cannot read because it is a Ref.',
      );
    }
    acknowledgeWildcardResources(
      this.rotator,
      ['*'],
      'Active tracing (X-Ray has no resource-level permissions) and secretsmanager:GetRandomPassword, which CDK ' +
        'grants every rotation function and which has no resource either; the key material comes from node:crypto.',
    );
  }
}
