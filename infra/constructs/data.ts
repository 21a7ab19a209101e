import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { LinkKeyRotation, type LinkKeyRotationProps } from '#infra/constructs/link-key-rotation';
import { LINK_KEYS_READER_TAG } from '#infra/constructs/product-function';

/** The key id of the first link-signing key; see docs/operations.md for rotation. */
export const INITIAL_LINK_KEY_ID = 'k1';

export interface ProductDataProps {
  /** The automatic rotation of the link-signing keys. */
  linkKeyRotation: Omit<LinkKeyRotationProps, 'secret'>;
}

/**
 * The product's state: one table for the registry, clusters, applications,
 * their history, reviews, sign-offs and links (keys in README "Data model"),
 * and the secret that signs the links in emails. Both are retained when the
 * stack goes away, and the table cannot be deleted by accident.
 */
export class ProductData extends Construct {
  readonly table: dynamodb.TableV2;
  readonly linkKeysSecret: secretsmanager.Secret;
  readonly linkKeyRotation: LinkKeyRotation;

  constructor(scope: Construct, id: string, props: ProductDataProps) {
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
        {
          // Sparse and keys only: the open applications (the reconciler's list) and the links with a
          // reminder due. An item's keys change only when it enters or leaves, so its other updates
          // write nothing to this index.
          indexName: 'GSI2',
          partitionKey: { name: 'GSI2PK', type: dynamodb.AttributeType.STRING },
          sortKey: { name: 'GSI2SK', type: dynamodb.AttributeType.STRING },
          projectionType: dynamodb.ProjectionType.KEYS_ONLY,
        },
      ],
      // Used links expire out of the table; applications and their history never carry `ttl`.
      timeToLiveAttribute: 'ttl',
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // `{"currentKeyId":"k1","k1":"<64 random characters>"}`: every other string property is
    // a key that still verifies, so a rotation adds `k2`, points currentKeyId at it, and
    // removes `k1` once the links it signed have expired (shared/links/key-ring.ts).
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
    this.linkKeyRotation = new LinkKeyRotation(this, 'LinkKeyRotation', {
      secret: this.linkKeysSecret,
      ...props.linkKeyRotation,
    });

    // Only the functions that sign or verify links (their roles carry the reader tag, set in
    // infra/constructs/product-function.ts) and the rotation function may read the keys. A tag
    // and not the roles' ARNs: those roles live in the service stack, which already depends on
    // this one (the table, this secret); naming them here would make the dependency a cycle,
    // and the tag also covers a service stack that is replaced. Tagging a role takes
    // iam:TagRole, which only the deployment holds. An explicit deny wins over any allow, so
    // not even an administrator reads the keys by accident (docs/operations.md).
    this.linkKeysSecret.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyLinkSignersReadTheKeys',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['*'],
        conditions: {
          StringNotEquals: { [`aws:PrincipalTag/${LINK_KEYS_READER_TAG.key}`]: LINK_KEYS_READER_TAG.value },
          ArnNotEquals: { 'aws:PrincipalArn': this.linkKeyRotation.rotator.role.roleArn },
        },
      }),
    );
  }
}
