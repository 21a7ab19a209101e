// Setup file of the workflow suite: the product's AWS SDK clients (and the commands a test
// spawns) reach this lane's DynamoDB Local through the standard variable.
import { suiteDynamoDbEndpoint } from '#test/support/lanes';

process.env.AWS_ENDPOINT_URL_DYNAMODB = suiteDynamoDbEndpoint();
