import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from '#infra/nag';

/** The key id of the first link-signing key; see docs/operations.md for rotation. */
export const INITIAL_LINK_KEY_ID = 'k1';

/**
 * The product's state: one table for the registry, clusters, applications,
 * their history, reviews, sign-offs and links (keys in README "Data model"),
 * and the secret that signs the links in emails. Both are retained when the
 * stack goes away, and the table cannot be deleted by accident.
 */
export class ProductData extends Construct {
  readonly table: dynamodb.TableV2;
  readonly linkKeysSecret: secretsmanager.Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new dynamodb.TableV2(this, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billing: dynamodb.Billing.onDemand(),
      globalSecondaryIndexes: [
        {
          indexName: 'GSI1',
          partitionKey: { name: 'GSI1PK', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'GSI1SK', type: dynamodb.AttributeType.STRING },
        },
      ],
      // Used links expire out of the table; applications and their history never carry `ttl`.
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // `{"currentKeyId":"k1","k1":"<64 random characters>"}`: every other property is a
    // key that still verifies, so a rotation adds `k2`, points currentKeyId at it, and
    // removes `k1` once the links it signed have expired.
    this.linkKeysSecret = new secretsmanager.Secret(this, 'LinkSigningKeys', {
      description: 'HMAC keys that sign the review and sign-off links in emails',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ currentKeyId: INITIAL_LINK_KEY_ID }),
        generateStringKey: INITIAL_LINK_KEY_ID,
        passwordLength: 64,
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.linkKeysSecret,
      'AwsSolutions-SMG4',
      'Rotating the HMAC key must keep the previous key verifying until its links expire, which a rotation ' +
        'Lambda replacing the secret value cannot do; the documented manual rotation adds a key instead.',
    );
  }
}
